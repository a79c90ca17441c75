# asyncio for the playground's Python, written in Python the way CPython writes most of it
# (Lib/asyncio/futures.py, tasks.py, locks.py, queues.py, timeouts.py, taskgroups.py), so that
# what runs in which order is CPython's algorithm, not a re-creation of it. Only the loop itself
# comes from Rust (`_engine`): tasks on the event-loop engine, call_soon, call_later, the clock,
# and asyncio.run. Every task is a bar on the page's timeline.

import _engine
import contextvars

TimeoutError = TimeoutError


class CancelledError(BaseException):
    pass


class InvalidStateError(Exception):
    pass


class LimitOverrunError(Exception):
    pass


class IncompleteReadError(EOFError):
    def __init__(self, partial, expected):
        r_expected = "undefined" if expected is None else repr(expected)
        super().__init__(f"{len(partial)} bytes read on a total of {r_expected} expected bytes")
        self.partial = partial
        self.expected = expected


class QueueEmpty(Exception):
    pass


class QueueFull(Exception):
    pass


class BrokenBarrierError(RuntimeError):
    pass


FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"

_PENDING = "PENDING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"


class Handle:
    def __init__(self, callback, args, when=None):
        self._callback = callback
        self._args = args
        self._cancelled = False
        self._when = when

    def cancel(self):
        self._cancelled = True

    def cancelled(self):
        return self._cancelled

    def when(self):
        return self._when

    def _run(self):
        if not self._cancelled:
            self._callback(*self._args)


TimerHandle = Handle


class AbstractEventLoop:
    pass


class _Loop(AbstractEventLoop):
    """The one event loop of a run: a thin face over the engine's loop."""

    def time(self):
        return _engine.time()

    def call_soon(self, callback, *args, context=None):
        h = Handle(callback, args)
        _engine.call_soon(h._run)
        return h

    def call_later(self, delay, callback, *args, context=None):
        h = Handle(callback, args, self.time() + delay)
        _engine.call_later(delay, h._run)
        return h

    def call_at(self, when, callback, *args, context=None):
        return self.call_later(when - self.time(), callback, *args)

    def create_future(self):
        return Future()

    def create_task(self, coro, *, name=None, context=None):
        return Task(coro, name=name, context=context)

    def run_until_complete(self, future):
        if _engine.running():
            raise RuntimeError("This event loop is already running")
        return _engine.run(_await_it(future))

    def run_forever(self):
        raise RuntimeError("run_forever() is not supported by this playground's Python: use asyncio.run()")

    def is_running(self):
        return _engine.running()

    def is_closed(self):
        return self._closed

    def close(self):
        self._closed = True

    def stop(self):
        pass

    def get_debug(self):
        return False

    _closed = False


async def _await_it(aw):
    return await aw


_the_loop = _Loop()


def get_running_loop():
    if not _engine.running():
        raise RuntimeError("no running event loop")
    return _the_loop


def get_event_loop():
    return _the_loop


def new_event_loop():
    return _the_loop


def set_event_loop(loop):
    pass


def _get_loop(fut=None):
    return _the_loop


class Future:
    _asyncio_future_blocking = False
    _label = None

    def __init__(self, *, loop=None):
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._callbacks = []
        self._cancel_message = None

    def __repr__(self):
        info = self._state.lower()
        if self._state == _FINISHED:
            if self._exception is not None:
                info += f" exception={self._exception!r}"
            else:
                info += f" result={self._result!r}"
        return f"<Future {info}>"

    def get_loop(self):
        return _the_loop

    def cancel(self, msg=None):
        if self._state != _PENDING:
            return False
        self._state = _CANCELLED
        self._cancel_message = msg
        self.__schedule_callbacks()
        return True

    def __schedule_callbacks(self):
        callbacks = self._callbacks[:]
        if not callbacks:
            return
        self._callbacks[:] = []
        for callback in callbacks:
            _engine.call_soon(callback, self)

    def cancelled(self):
        return self._state == _CANCELLED

    def done(self):
        return self._state != _PENDING

    def _make_cancelled_error(self):
        if self._cancel_message is None:
            return CancelledError()
        return CancelledError(self._cancel_message)

    def result(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError("Result is not set.")
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError("Exception is not set.")
        return self._exception

    def add_done_callback(self, fn, *, context=None):
        if self._state != _PENDING:
            _engine.call_soon(fn, self)
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        kept = [f for f in self._callbacks if f is not fn and f != fn]
        removed = len(self._callbacks) - len(kept)
        self._callbacks[:] = kept
        return removed

    def set_result(self, result):
        if self._state != _PENDING:
            raise InvalidStateError(f"{self._state}: {self!r}")
        self._result = result
        self._state = _FINISHED
        self.__schedule_callbacks()

    def set_exception(self, exception):
        if self._state != _PENDING:
            raise InvalidStateError(f"{self._state}: {self!r}")
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators and cannot be raised into a Future")
        self._exception = exception
        self._state = _FINISHED
        self.__schedule_callbacks()

    def __await__(self):
        if not self.done():
            self._asyncio_future_blocking = True
            yield self
        if not self.done():
            raise RuntimeError("await wasn't used with future")
        return self.result()

    __iter__ = __await__


_task_counter = [0]
_deferred = []


def _spawn_deferred():
    items = _deferred[:]
    _deferred.clear()
    for task, coro, name, context in items:
        _engine.spawn(task, coro, name, context)
# The tasks not yet done, in the order they were made: a dict, so that a task that ends leaves it
# at once (a list's remove() made ten thousand tasks cost a hundred million comparisons).
_all_tasks = {}
_current = [None]


def _set_current(task):
    _current[0] = task


class Task(Future):
    def __init__(self, coro, *, loop=None, name=None, context=None):
        super().__init__()
        if not _is_coroutine(coro):
            raise TypeError(f"a coroutine was expected, got {coro!r}")
        _task_counter[0] += 1
        if name is None:
            name = f"Task-{_task_counter[0]}"
        self._name = str(name)
        self._coro = coro
        self._must_cancel = False
        self._fut_waiter = None
        self._num_cancels_requested = 0
        self._context = contextvars.copy_context() if context is None else context
        _all_tasks[self] = None
        if _engine.running():
            _engine.spawn(self, coro, self._name, self._context)
        else:
            # loop.create_task() before the loop runs: the task starts when it does.
            _deferred.append((self, coro, self._name, self._context))

    def __repr__(self):
        info = self._state.lower()
        return f"<Task {info} name={self._name!r} coro={self._coro!r}>"

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def get_coro(self):
        return self._coro

    def get_context(self):
        return self._context

    def cancel(self, msg=None):
        if self.done():
            return False
        self._num_cancels_requested += 1
        if self._num_cancels_requested == 1:
            # asyncio.run cancels a task again when it is still pending at the end; the timeline
            # marks the first request only.
            _engine.mark_cancel(self._name, self._coro)
        if self._fut_waiter is not None:
            if self._fut_waiter.cancel(msg=msg):
                return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def cancelling(self):
        return self._num_cancels_requested

    def uncancel(self):
        if self._num_cancels_requested > 0:
            self._num_cancels_requested -= 1
        return self._num_cancels_requested

    def set_result(self, result):
        raise RuntimeError("Task does not support set_result operation")

    def set_exception(self, exception):
        raise RuntimeError("Task does not support set_exception operation")

    # The engine's driver of this task calls these when the coroutine ends.
    def _finish(self, result):
        Future.set_result(self, result)
        _all_tasks.pop(self, None)

    def _fail(self, exc):
        if isinstance(exc, CancelledError):
            self._cancel_message = exc.args[0] if exc.args else None
            Future.cancel(self, msg=self._cancel_message)
        else:
            Future.set_exception(self, exc)
        _all_tasks.pop(self, None)

    def _step_exception(self):
        # What the driver throws into the coroutine when a cancel was requested.
        self._must_cancel = False
        return self._make_cancelled_error()


def _is_coroutine(obj):
    return type(obj).__name__ == "coroutine"


def iscoroutine(obj):
    return _is_coroutine(obj)


def iscoroutinefunction(func):
    code = getattr(func, "__code__", None)
    return code is not None and _engine.is_coroutine_code(code)


def isfuture(obj):
    return isinstance(obj, Future)


def create_task(coro, *, name=None, context=None):
    if not _engine.running():
        raise RuntimeError("no running event loop")
    return Task(coro, name=name, context=context)


def ensure_future(coro_or_future, *, loop=None):
    if isinstance(coro_or_future, Future):
        return coro_or_future
    if _is_coroutine(coro_or_future):
        return Task(coro_or_future)
    if hasattr(coro_or_future, "__await__"):
        return Task(_await_it(coro_or_future))
    raise TypeError("An asyncio.Future, a coroutine or an awaitable is required")


def current_task(loop=None):
    if not _engine.running():
        raise RuntimeError("no running event loop")
    return _current[0]


def all_tasks(loop=None):
    return {t for t in _all_tasks if not t.done()}


class _YieldOnce:
    def __await__(self):
        yield


async def sleep(delay, result=None):
    if delay <= 0:
        await _YieldOnce()
        return result
    future = Future()
    future._label = f"sleep({delay})"
    h = _the_loop.call_later(delay, _set_result_unless_cancelled, future, result)
    try:
        return await future
    finally:
        h.cancel()


def _set_result_unless_cancelled(fut, result):
    if fut.cancelled():
        return
    fut.set_result(result)


class _GatheringFuture(Future):
    def __init__(self, children):
        super().__init__()
        self._children = children
        self._cancel_requested = False

    def cancel(self, msg=None):
        if self.done():
            return False
        ret = False
        for child in self._children:
            if child.cancel(msg=msg):
                ret = True
        if ret:
            self._cancel_requested = True
        return ret


def gather(*coros_or_futures, return_exceptions=False):
    if not coros_or_futures:
        outer = Future()
        outer.set_result([])
        return outer

    def _done_callback(fut):
        nonlocal nfinished
        nfinished += 1
        if outer is None or outer.done():
            if not fut.cancelled():
                fut.exception()
            return
        if not return_exceptions:
            if fut.cancelled():
                exc = fut._make_cancelled_error()
                outer.set_exception(exc)
                return
            else:
                exc = fut.exception()
                if exc is not None:
                    outer.set_exception(exc)
                    return
        if nfinished == nfuts:
            results = []
            for fut in children:
                if fut.cancelled():
                    res = fut._make_cancelled_error()
                else:
                    res = fut.exception()
                    if res is None:
                        res = fut.result()
                results.append(res)
            if outer._cancel_requested:
                exc = fut._make_cancelled_error()
                outer.set_exception(exc)
            else:
                outer.set_result(results)

    arg_to_fut = {}
    children = []
    nfuts = 0
    nfinished = 0
    outer = None
    for arg in coros_or_futures:
        if arg not in arg_to_fut:
            fut = ensure_future(arg)
            nfuts += 1
            arg_to_fut[arg] = fut
            fut.add_done_callback(_done_callback)
        else:
            fut = arg_to_fut[arg]
        children.append(fut)
    outer = _GatheringFuture(children)
    outer._label = "gather()"
    return outer


def shield(arg):
    inner = ensure_future(arg)
    if inner.done():
        return inner
    outer = Future()
    outer._label = "shield()"

    def _inner_done_callback(inner):
        if outer.cancelled():
            if not inner.cancelled():
                inner.exception()
            return
        if inner.cancelled():
            outer.cancel()
        else:
            exc = inner.exception()
            if exc is not None:
                outer.set_exception(exc)
            else:
                outer.set_result(inner.result())

    def _outer_done_callback(outer):
        if not inner.done():
            inner.remove_done_callback(_inner_done_callback)

    inner.add_done_callback(_inner_done_callback)
    outer.add_done_callback(_outer_done_callback)
    return outer


async def wait_for(fut, timeout):
    # Python 3.11's tasks.wait_for.
    if timeout is None:
        return await fut
    if timeout <= 0:
        fut = ensure_future(fut)
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc
    waiter = Future()
    waiter._label = f"wait_for(timeout={timeout})"
    timeout_handle = _the_loop.call_later(timeout, _release_waiter, waiter)
    cb = lambda f: _release_waiter(waiter)
    fut = ensure_future(fut)
    fut.add_done_callback(cb)
    try:
        try:
            await waiter
        except CancelledError:
            if fut.done():
                return fut.result()
            else:
                fut.remove_done_callback(cb)
                await _cancel_and_wait(fut)
                raise
        if fut.done():
            return fut.result()
        else:
            task = current_task()
            _engine.mark_timeout(task._name, task._coro, f"timed out after {timeout} s")
            fut.remove_done_callback(cb)
            await _cancel_and_wait(fut)
            try:
                return fut.result()
            except CancelledError as exc:
                raise TimeoutError() from exc
    finally:
        timeout_handle.cancel()


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def _cancel_and_wait(fut):
    waiter = Future()
    cb = lambda f: _release_waiter(waiter)
    fut.add_done_callback(cb)
    try:
        fut.cancel()
        await waiter
    finally:
        fut.remove_done_callback(cb)


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    if isinstance(fs, Future) or _is_coroutine(fs):
        raise TypeError(f"expect a list of futures, not {type(fs).__name__}")
    if not fs:
        raise ValueError("Set of Tasks/Futures is empty.")
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError(f"Invalid return_when value: {return_when}")
    fs = set(ensure_future(f) for f in fs)
    return await _wait(fs, timeout, return_when)


async def _wait(fs, timeout, return_when):
    waiter = Future()
    waiter._label = "wait()"
    timeout_handle = None
    if timeout is not None:
        timeout_handle = _the_loop.call_later(timeout, _release_waiter, waiter)
    counter = len(fs)

    def _on_completion(f):
        nonlocal counter
        counter -= 1
        if (counter <= 0 or return_when == FIRST_COMPLETED or
                return_when == FIRST_EXCEPTION and (not f.cancelled() and f.exception() is not None)):
            if timeout_handle is not None:
                timeout_handle.cancel()
            if not waiter.done():
                waiter.set_result(None)

    for f in fs:
        f.add_done_callback(_on_completion)
    try:
        await waiter
    finally:
        if timeout_handle is not None:
            timeout_handle.cancel()
        for f in fs:
            f.remove_done_callback(_on_completion)
    done, pending = set(), set()
    for f in fs:
        if f.done():
            done.add(f)
        else:
            pending.add(f)
    return done, pending


def as_completed(fs, *, timeout=None):
    # A generator, as in Python 3.11: the set-up runs when iteration starts.
    if isinstance(fs, Future) or _is_coroutine(fs):
        raise TypeError(f"expect an iterable of futures, not {type(fs).__name__}")
    todo = []
    for f in fs:
        f = ensure_future(f)
        if f not in todo:
            todo.append(f)
    done = Queue()
    timeout_handle = None

    def _on_timeout():
        for f in todo:
            f.remove_done_callback(_on_completion)
            done.put_nowait(None)
        todo.clear()

    def _on_completion(f):
        if not todo:
            return
        todo.remove(f)
        done.put_nowait(f)
        if not todo and timeout_handle is not None:
            timeout_handle.cancel()

    async def _wait_for_one():
        f = await done.get()
        if f is None:
            raise TimeoutError
        return f.result()

    for f in todo:
        f.add_done_callback(_on_completion)
    if todo and timeout is not None:
        timeout_handle = _the_loop.call_later(timeout, _on_timeout)
    for _ in range(len(todo)):
        yield _wait_for_one()


def run(main, *, debug=None):
    if _engine.running():
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    if not _is_coroutine(main):
        raise ValueError(f"a coroutine was expected, got {main!r}")
    return _engine.run(main)


def _cancel_leftovers():
    # What asyncio.run does once main has returned: cancel the tasks still pending.
    pending = [t for t in _all_tasks if not t.done()]
    for t in pending:
        t.cancel()
    return pending


async def _wait_leftovers(pending):
    await gather(*pending, return_exceptions=True)


# ---- synchronisation primitives (Lib/asyncio/locks.py) ---------------------------------------

class _ContextManagerMixin:
    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class Lock(_ContextManagerMixin):
    def __init__(self):
        self._waiters = None
        self._locked = False

    def __repr__(self):
        extra = "locked" if self._locked else "unlocked"
        if self._waiters:
            extra = f"{extra}, waiters:{len(self._waiters)}"
        return f"<asyncio.locks.Lock object [{extra}]>"

    def locked(self):
        return self._locked

    async def acquire(self):
        if not self._locked and (self._waiters is None or all(w.cancelled() for w in self._waiters)):
            self._locked = True
            return True
        if self._waiters is None:
            self._waiters = []
        fut = Future()
        fut._label = "lock.acquire()"
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not self._locked:
                self._wake_up_first()
            raise
        self._locked = True
        _engine.mark_handover("lock")
        return True

    def release(self):
        if self._locked:
            self._locked = False
            self._wake_up_first()
        else:
            raise RuntimeError("Lock is not acquired.")

    def _wake_up_first(self):
        if not self._waiters:
            return
        fut = self._waiters[0]
        if not fut.done():
            fut.set_result(True)


class Event:
    def __init__(self):
        self._waiters = []
        self._value = False

    def is_set(self):
        return self._value

    def set(self):
        if not self._value:
            self._value = True
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(True)

    def clear(self):
        self._value = False

    async def wait(self):
        if self._value:
            return True
        fut = Future()
        fut._label = "event.wait()"
        self._waiters.append(fut)
        try:
            await fut
            return True
        finally:
            self._waiters.remove(fut)


class Condition(_ContextManagerMixin):
    def __init__(self, lock=None):
        if lock is None:
            lock = Lock()
        self._lock = lock
        self.locked = lock.locked
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = []

    async def wait(self):
        if not self.locked():
            raise RuntimeError("cannot wait on un-acquired lock")
        self.release()
        try:
            fut = Future()
            fut._label = "condition.wait()"
            self._waiters.append(fut)
            try:
                await fut
                return True
            finally:
                self._waiters.remove(fut)
        finally:
            err = None
            while True:
                try:
                    await self.acquire()
                    break
                except CancelledError as e:
                    err = e
            if err is not None:
                raise err

    async def wait_for(self, predicate):
        result = predicate()
        while not result:
            await self.wait()
            result = predicate()
        return result

    def notify(self, n=1):
        if not self.locked():
            raise RuntimeError("cannot notify on un-acquired lock")
        idx = 0
        for fut in self._waiters:
            if idx >= n:
                break
            if not fut.done():
                idx += 1
                fut.set_result(False)

    def notify_all(self):
        self.notify(len(self._waiters))


class Semaphore(_ContextManagerMixin):
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("Semaphore initial value must be >= 0")
        self._waiters = None
        self._value = value

    def locked(self):
        return self._value == 0 or (any(not w.cancelled() for w in (self._waiters or ())))

    async def acquire(self):
        if not self.locked():
            self._value -= 1
            return True
        if self._waiters is None:
            self._waiters = []
        fut = Future()
        fut._label = "semaphore.acquire()"
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if fut.done() and not fut.cancelled():
                self._value += 1
            raise
        finally:
            while self._value > 0:
                if not self._wake_up_next():
                    break
        _engine.mark_handover("semaphore")
        return True

    def release(self):
        self._value += 1
        self._wake_up_next()

    def _wake_up_next(self):
        if not self._waiters:
            return False
        for fut in self._waiters:
            if not fut.done():
                self._value -= 1
                fut.set_result(True)
                return True
        return False


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        self._bound_value = value
        super().__init__(value)

    def release(self):
        if self._value >= self._bound_value:
            raise ValueError("BoundedSemaphore released too many times")
        super().release()


class Barrier:
    def __init__(self, parties):
        if parties < 1:
            raise ValueError("parties must be > 0")
        self._cond = Condition()
        self._parties = parties
        self._state = 0
        self._count = 0

    async def __aenter__(self):
        return await self.wait()

    async def __aexit__(self, *args):
        pass

    async def wait(self):
        async with self._cond:
            await self._block()
            try:
                index = self._count
                self._count += 1
                if index + 1 == self._parties:
                    self._state = 1
                    self._cond.notify_all()
                else:
                    await self._cond.wait_for(lambda: self._state != 0)
                return index
            finally:
                self._count -= 1
                if self._count == 0 and self._state == 1:
                    self._state = 0
                    self._cond.notify_all()

    async def _block(self):
        await self._cond.wait_for(lambda: self._state not in (-1, 1))
        if self._state < 0:
            raise BrokenBarrierError("Barrier aborted")

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        if self._state == 0:
            return self._count
        return 0

    @property
    def broken(self):
        return self._state == -2


# ---- queues (Lib/asyncio/queues.py) ------------------------------------------------------------

class Queue:
    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._getters = []
        self._putters = []
        self._unfinished_tasks = 0
        self._finished = Event()
        self._finished.set()
        self._init(maxsize)

    def _init(self, maxsize):
        self._queue = []

    def _get(self):
        return self._queue.pop(0)

    def _put(self, item):
        self._queue.append(item)

    def _wakeup_next(self, waiters):
        while waiters:
            waiter = waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                break

    def __repr__(self):
        return f"<{type(self).__name__} maxsize={self._maxsize!r}>"

    def qsize(self):
        return len(self._queue)

    @property
    def maxsize(self):
        return self._maxsize

    def empty(self):
        return not self._queue

    def full(self):
        if self._maxsize <= 0:
            return False
        return self.qsize() >= self._maxsize

    async def put(self, item):
        while self.full():
            putter = Future()
            putter._label = "queue.put() on a full queue"
            self._putters.append(putter)
            try:
                await putter
            except:
                if putter in self._putters:
                    self._putters.remove(putter)
                if not self.full() and not putter.cancelled():
                    self._wakeup_next(self._putters)
                raise
        return self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wakeup_next(self._getters)

    async def get(self):
        while self.empty():
            getter = Future()
            getter._label = "queue.get() on an empty queue"
            self._getters.append(getter)
            try:
                await getter
            except:
                if getter in self._getters:
                    self._getters.remove(getter)
                if not self.empty() and not getter.cancelled():
                    self._wakeup_next(self._getters)
                raise
        return self.get_nowait()

    def get_nowait(self):
        if self.empty():
            raise QueueEmpty
        item = self._get()
        self._wakeup_next(self._putters)
        return item

    def task_done(self):
        if self._unfinished_tasks <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        if self._unfinished_tasks > 0:
            await self._finished.wait()


class PriorityQueue(Queue):
    def _put(self, item):
        i = 0
        while i < len(self._queue) and not (item < self._queue[i]):
            i += 1
        self._queue.insert(i, item)


class LifoQueue(Queue):
    def _get(self):
        return self._queue.pop()


# ---- structured concurrency (Lib/asyncio/timeouts.py, taskgroups.py) ----------------------------

class Timeout:
    def __init__(self, when):
        self._when = when
        self._handle = None
        self._state = "created"
        self._task = None

    def when(self):
        return self._when

    def reschedule(self, when):
        if self._handle is not None:
            self._handle.cancel()
        self._when = when
        if when is None:
            self._handle = None
        elif when <= _the_loop.time():
            self._handle = _the_loop.call_soon(self._on_timeout)
        else:
            self._handle = _the_loop.call_at(when, self._on_timeout)

    def expired(self):
        return self._state in ("expiring", "expired")

    async def __aenter__(self):
        self._state = "entered"
        self._task = current_task()
        if self._task is None:
            raise RuntimeError("Timeout should be used inside a task")
        self.reschedule(self._when)
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._state == "expiring":
            self._state = "expired"
            if self._task.uncancel() == 0 and exc_type is CancelledError:
                raise TimeoutError from exc_val
        elif self._state == "entered":
            self._state = "exited"
        return None

    def _on_timeout(self):
        _engine.mark_timeout(self._task._name, self._task._coro, "timed out (asyncio.timeout)")
        self._task.cancel()
        self._state = "expiring"
        self._handle = None


def timeout(delay):
    return Timeout(_the_loop.time() + delay if delay is not None else None)


def timeout_at(when):
    return Timeout(when)


class TaskGroup:
    def __init__(self):
        self._entered = False
        self._exiting = False
        self._aborting = False
        self._parent_task = None
        self._parent_cancel_requested = False
        self._tasks = set()
        self._errors = []
        self._base_error = None
        self._on_completed_fut = None

    async def __aenter__(self):
        if self._entered:
            raise RuntimeError(f"TaskGroup {self!r} has been already entered")
        self._entered = True
        self._parent_task = current_task()
        return self

    async def __aexit__(self, et, exc, tb):
        self._exiting = True
        propagate_cancellation_error = None
        if exc is not None and self._is_base_error(exc) and self._base_error is None:
            self._base_error = exc
        if et is CancelledError:
            propagate_cancellation_error = exc
        if et is not None:
            if not self._aborting:
                self._abort()
        while self._tasks:
            if self._on_completed_fut is None:
                self._on_completed_fut = Future()
                self._on_completed_fut._label = "TaskGroup: tasks to finish"
            try:
                await self._on_completed_fut
            except CancelledError as ex:
                if not self._aborting:
                    propagate_cancellation_error = ex
                    self._abort()
            self._on_completed_fut = None
        if self._base_error is not None:
            raise self._base_error
        if propagate_cancellation_error is not None and not self._errors:
            raise propagate_cancellation_error
        if et is not None and et is not CancelledError:
            self._errors.append(exc)
        if self._errors:
            errors = self._errors
            self._errors = None
            raise BaseExceptionGroup("unhandled errors in a TaskGroup", errors)

    def create_task(self, coro, *, name=None, context=None):
        if not self._entered:
            raise RuntimeError(f"TaskGroup {self!r} has not been entered")
        if self._exiting and not self._tasks:
            raise RuntimeError(f"TaskGroup {self!r} is finished")
        if self._aborting:
            raise RuntimeError(f"TaskGroup {self!r} is shutting down")
        task = Task(coro, name=name, context=context)
        if task.done():
            self._on_task_done(task)
        else:
            self._tasks.add(task)
            task.add_done_callback(self._on_task_done)
        return task

    def _is_base_error(self, exc):
        return isinstance(exc, (SystemExit, KeyboardInterrupt))

    def _abort(self):
        self._aborting = True
        for t in self._tasks:
            if not t.done():
                t.cancel()

    def _on_task_done(self, task):
        self._tasks.discard(task)
        if self._on_completed_fut is not None and not self._tasks:
            if not self._on_completed_fut.done():
                self._on_completed_fut.set_result(True)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        self._errors.append(exc)
        if self._is_base_error(exc) and self._base_error is None:
            self._base_error = exc
        if self._parent_task.done():
            return
        if not self._aborting and not self._parent_cancel_requested:
            self._abort()
            self._parent_cancel_requested = True
            self._parent_task.cancel()


# ---- streams (Lib/asyncio/streams.py), in a module of their own -------------------------------
# Imported last: it uses this module, which is complete by now.
from _streams import StreamReader, StreamWriter, Server, start_server, open_connection
