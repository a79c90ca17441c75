//! The event-loop engine: asyncio's model, written once and run on any clock.
//!
//! A [`Loop`] owns tasks (futures with a name), a ready queue and a heap of timers, exactly the three
//! things asyncio's loop has. It never reads a clock itself: a driver ([`drive`]) tells it what time
//! it is, runs the ready tasks, and then waits on a [`Clock`] until the next timer is due.
//!
//! - Natively the clock is a [`VirtualClock`]: waiting jumps straight to the next deadline, so tests
//!   finish instantly and can assert exact times (a 1 s sleep ends at exactly 1000 ms).
//! - In the browser the clock is `performance.now()` and a `setTimeout` from the browser layer, and the
//!   driver is a future on wasm-bindgen-futures' executor: the lesson runs on the page's real event
//!   loop, and between two steps the page is free to paint and handle clicks.
//!
//! `time.sleep` inside a coroutine ([`Loop::block`]) is modelled the way it behaves in Python: the
//! loop polls nothing else until it returns. The driver waits on the clock without running any task,
//! so the lesson's loop is frozen (and its timeline shows it) while the page itself stays responsive.
//!
//! Everything here is single-threaded (`Rc`, `RefCell`), like asyncio. Wakers must be `Send + Sync`,
//! so the ready queue they push to sits behind an `Arc<Mutex>`; it is never contended.

use std::cell::{Cell, RefCell};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use futures::task::AtomicWaker;
use futures::future::{select, Either, LocalBoxFuture};
use futures::FutureExt;

use super::lesson::RunError;
use super::trace::{Event, MarkKind, Sink, SpanKind};

/// The lane every event-loop task is drawn in: one thread runs them all.
pub const LOOP_LANE: &str = "event loop";

/// How many task steps the loop runs before handing control back to the driver. In the browser
/// that is a chance for the page to paint and react to Stop, even if a lesson's tasks never wait.
const STEP_BUDGET: usize = 20_000;

/// Timers closer than this to "now" count as due; it absorbs float rounding in deadlines.
const EPSILON_MS: f64 = 1e-6;

type TaskId = u64;

/// The error an awaited task gives when it was cancelled (`asyncio.CancelledError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Awaiting a cancelled task raises `CancelledError` in the awaiting coroutine, so `?` on a
/// task's result turns the cancellation into the lesson's error.
impl From<Cancelled> for RunError {
    fn from(_: Cancelled) -> RunError {
        RunError::py("asyncio.CancelledError", "")
    }
}

/// `asyncio.TimeoutError`, from [`wait_for`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutError;

/// A task that cannot make progress, and what it waits for: the loop's report of a deadlock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub task: String,
    pub on: String,
}

/// How a driven run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Ending {
    /// The main coroutine returned; `elapsed_ms` is the loop's time at that moment.
    Finished { elapsed_ms: f64 },
    /// Nothing is ready, no timer is pending, and the main coroutine has not returned.
    Deadlock { at_ms: f64, waiting: Vec<Waiting> },
}

/// What the driver should do after a round of task steps.
#[derive(Debug, PartialEq)]
enum Step {
    MainDone,
    /// The step budget ran out with tasks still ready: yield to the host, then continue.
    Yield,
    /// A task called a blocking function; nothing may run until this loop time.
    Blocked(f64),
    /// Idle until the next timer, at this loop time.
    Timer(f64),
    /// Idle until a request in flight (`fetch`) completes.
    Io,
    Deadlock(Vec<Waiting>),
}

struct TaskWaker {
    id: TaskId,
    queued: AtomicBool,
    ready: Arc<Mutex<VecDeque<TaskId>>>,
    /// Wakes the driver when it waits for I/O rather than a timer.
    io: Arc<AtomicWaker>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }
    fn wake_by_ref(self: &Arc<Self>) {
        // A task is queued at most once however many times it is woken, as in asyncio.
        if !self.queued.swap(true, Ordering::AcqRel) {
            self.ready.lock().unwrap_or_else(|p| p.into_inner()).push_back(self.id);
            self.io.wake();
        }
    }
}

struct Slot {
    name: String,
    fut: Option<LocalBoxFuture<'static, ()>>,
    waker: Arc<TaskWaker>,
    span: u64,
    waiting_on: Option<String>,
    /// Set when `cancel` is called while the task itself is running: it is dropped after the step.
    cancel_after_poll: bool,
    /// Set when another task cancels this one: the task is queued, and its next step drops it.
    cancel_requested: bool,
    /// Resolves the task's handle with `Cancelled`; the loop cannot name the output type itself.
    on_cancel: Option<Box<dyn FnOnce()>>,
    /// A callback of `call_soon`/`call_later` rather than a task: it draws no bar of its own.
    quiet: bool,
}

struct Timer {
    deadline: f64,
    seq: u64,
    waker: Waker,
}

impl PartialEq for Timer {
    fn eq(&self, o: &Self) -> bool {
        self.seq == o.seq
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Timer {
    // Reversed, so that the max-heap pops the earliest deadline; equal deadlines fire in the order
    // they were scheduled, which is what makes runs on the virtual clock reproducible.
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        o.deadline.total_cmp(&self.deadline).then(o.seq.cmp(&self.seq))
    }
}

struct Inner {
    now: Cell<f64>,
    tasks: RefCell<HashMap<TaskId, Slot>>,
    ready: Arc<Mutex<VecDeque<TaskId>>>,
    timers: RefCell<BinaryHeap<Timer>>,
    seq: Cell<u64>,
    blocked_until: Cell<Option<f64>>,
    blocked_task: Cell<Option<TaskId>>,
    current: Cell<Option<TaskId>>,
    next_task: Cell<TaskId>,
    next_span: Cell<u64>,
    main: Cell<Option<TaskId>>,
    sink: Sink,
    /// Requests in flight outside the loop (`fetch`): while there are any, an idle loop waits for
    /// them instead of reporting a deadlock.
    io_pending: Cell<usize>,
    io_wake: Arc<AtomicWaker>,
    fetch: RefCell<Option<Rc<dyn Fetch>>>,
}

/// A response to [`Loop::fetch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchResponse {
    pub status: u16,
    pub text: String,
}

/// Where HTTP requests go: the page's `fetch()` in the browser, the site's files natively.
pub trait Fetch {
    /// GETs `url` (relative to the site); `Err` carries why the request failed.
    fn get(&self, url: &str) -> LocalBoxFuture<'static, Result<FetchResponse, String>>;
}

/// The event loop. Cloning gives another handle to the same loop.
#[derive(Clone)]
pub struct Loop {
    inner: Rc<Inner>,
}

impl Loop {
    pub fn new(sink: Sink) -> Loop {
        Loop {
            inner: Rc::new(Inner {
                now: Cell::new(0.0),
                tasks: RefCell::new(HashMap::new()),
                ready: Arc::new(Mutex::new(VecDeque::new())),
                timers: RefCell::new(BinaryHeap::new()),
                seq: Cell::new(0),
                blocked_until: Cell::new(None),
                blocked_task: Cell::new(None),
                current: Cell::new(None),
                next_task: Cell::new(1),
                next_span: Cell::new(1),
                main: Cell::new(None),
                sink,
                io_pending: Cell::new(0),
                io_wake: Arc::new(AtomicWaker::new()),
                fetch: RefCell::new(None),
            }),
        }
    }

    /// Plugs in where HTTP requests go (the host does this before the run starts).
    pub fn set_fetch(&self, fetch: Rc<dyn Fetch>) {
        *self.inner.fetch.borrow_mut() = Some(fetch);
    }

    /// An HTTP GET, awaited like aiohttp's `session.get`: the task waits, the loop runs others.
    /// A failed request is a Python exception (`aiohttp.ClientConnectorError`).
    pub async fn fetch(&self, url: &str) -> Result<FetchResponse, RunError> {
        let Some(fetch) = self.inner.fetch.borrow().clone() else {
            return Err(RunError::py("aiohttp.ClientConnectorError", format!("Cannot connect to {url}: this run has no network")));
        };
        self.set_waiting(&format!("the response of {url}"));
        self.inner.io_pending.set(self.inner.io_pending.get() + 1);
        let response = fetch.get(url).await;
        self.inner.io_pending.set(self.inner.io_pending.get().saturating_sub(1));
        response.map_err(|e| RunError::py("aiohttp.ClientConnectorError", format!("Cannot connect to {url}: {e}")))
    }

    /// The loop's time in milliseconds since the run started (`loop.time()`, relative).
    pub fn now(&self) -> f64 {
        self.inner.now.get()
    }

    fn emit(&self, e: Event) {
        (self.inner.sink)(e)
    }

    fn span_id(&self) -> u64 {
        let id = self.inner.next_span.get();
        self.inner.next_span.set(id + 1);
        id
    }

    fn next_seq(&self) -> u64 {
        let s = self.inner.seq.get();
        self.inner.seq.set(s + 1);
        s
    }

    /// The name of the running task, or "main" outside any task.
    pub fn current_name(&self) -> String {
        let cur = self.inner.current.get();
        cur.and_then(|id| self.inner.tasks.borrow().get(&id).map(|s| s.name.clone()))
            .unwrap_or_else(|| "main".to_string())
    }

    fn current_span(&self) -> Option<u64> {
        let cur = self.inner.current.get()?;
        self.inner.tasks.borrow().get(&cur).map(|s| s.span)
    }

    /// `print(...)`: one whole line, stamped with the loop's time.
    pub fn print(&self, text: impl Into<String>) {
        self.emit(Event::Output { t: self.now(), lane: self.current_name(), text: text.into() });
    }

    /// `asyncio.create_task(coro)`: the task is scheduled and starts at the loop's next step.
    pub fn spawn<T: 'static>(&self, name: impl Into<String>, fut: impl Future<Output = T> + 'static) -> TaskHandle<T> {
        self.spawn_slot(name, fut, false)
    }

    /// `loop.call_soon(callback)`: `f` runs as a step of its own once what is ready before it has
    /// run, in the same queue as the tasks (as asyncio's ready queue holds both); it draws nothing.
    pub fn call_soon(&self, f: impl FnOnce() + 'static) {
        self.spawn_slot(LOOP_LANE, async move { f() }, true);
    }

    /// Drops every task and timer the loop still holds, without running anything: for a run the
    /// host abandons half-way (Stop). A task's future may hold the loop itself (a handle in its
    /// closure), so without this an abandoned loop and all it reaches would never be freed. The
    /// table is emptied first and dropped after, since destructors may use the loop.
    pub fn shut_down(&self) {
        let tasks = std::mem::take(&mut *self.inner.tasks.borrow_mut());
        let timers = std::mem::take(&mut *self.inner.timers.borrow_mut());
        drop(tasks);
        drop(timers);
        *self.inner.fetch.borrow_mut() = None;
    }

    /// A future of the host's (an HTTP request on its way) run as steps of their own that draw
    /// nothing and name no task in a deadlock report.
    pub fn spawn_quiet(&self, fut: impl Future<Output = ()> + 'static) {
        self.spawn_slot(LOOP_LANE, fut, true);
    }

    /// `loop.call_later(delay, callback)`: `f` runs as a step of its own when the delay is over.
    pub fn call_later(&self, secs: f64, f: impl FnOnce() + 'static) {
        let lp = self.clone();
        self.spawn_slot(
            LOOP_LANE,
            async move {
                lp.sleep(secs).quiet().await;
                f()
            },
            true,
        );
    }

    /// Awaits any future as a wait of the running task: the timeline draws `label` over the
    /// task's bar while it waits, and a deadlock report says the task waits on `label`.
    pub async fn waiting<F: Future>(&self, label: &str, fut: F) -> F::Output {
        struct SpanGuard<'a>(&'a Loop, u64);
        impl Drop for SpanGuard<'_> {
            fn drop(&mut self) {
                self.0.end_span(self.1);
            }
        }
        let mut fut = std::pin::pin!(fut);
        let mut guard = None;
        futures::future::poll_fn(|cx| match fut.as_mut().poll(cx) {
            Poll::Ready(v) => Poll::Ready(v),
            Poll::Pending => {
                if guard.is_none() {
                    guard = Some(SpanGuard(self, self.begin_wait(label)));
                }
                self.set_waiting(label);
                Poll::Pending
            }
        })
        .await
    }

    /// Freezes the loop for a moment without drawing anything: the host gets a turn (to paint, to
    /// take a click on Stop), and then the same task goes on before any other. It is how a
    /// coroutine that computes for a long time without awaiting hands the page back while it
    /// keeps the lesson's loop to itself, as it does in Python.
    pub fn hold(&self) -> Block {
        Block { lp: self.clone(), ms: 0.0, until: None, span: None, quiet: true }
    }

    fn spawn_slot<T: 'static>(&self, name: impl Into<String>, fut: impl Future<Output = T> + 'static, quiet: bool) -> TaskHandle<T> {
        let id = self.inner.next_task.get();
        self.inner.next_task.set(id + 1);
        let name = name.into();
        let state = Rc::new(RefCell::new(JoinState { result: None, waiters: Vec::new() }));
        let st = state.clone();
        let wrapped = async move {
            let v = fut.await;
            let waiters = {
                let mut s = st.borrow_mut();
                s.result = Some(Ok(v));
                std::mem::take(&mut s.waiters)
            };
            waiters.into_iter().for_each(Waker::wake);
        };
        let st = state.clone();
        let on_cancel: Box<dyn FnOnce()> = Box::new(move || {
            let waiters = {
                let mut s = st.borrow_mut();
                if s.result.is_none() {
                    s.result = Some(Err(Cancelled));
                }
                std::mem::take(&mut s.waiters)
            };
            waiters.into_iter().for_each(Waker::wake);
        });
        let waker = Arc::new(TaskWaker { id, queued: AtomicBool::new(false), ready: self.inner.ready.clone(), io: self.inner.io_wake.clone() });
        let span = self.span_id();
        if !quiet {
            self.emit(Event::Begin {
                id: span,
                parent: None,
                t: self.now(),
                lane: LOOP_LANE.into(),
                label: name.clone(),
                kind: SpanKind::Task,
            });
        }
        self.inner.tasks.borrow_mut().insert(
            id,
            Slot {
                name,
                fut: Some(wrapped.boxed_local()),
                waker: waker.clone(),
                span,
                waiting_on: None,
                cancel_after_poll: false,
                cancel_requested: false,
                on_cancel: Some(on_cancel),
                quiet,
            },
        );
        Waker::from(waker).wake();
        TaskHandle { lp: self.clone(), id, state }
    }

    /// Spawns the coroutine that `asyncio.run(main())` would run; the run ends when it returns.
    pub fn spawn_main<T: 'static>(&self, fut: impl Future<Output = T> + 'static) -> TaskHandle<T> {
        self.spawn_main_as("main", fut)
    }

    /// [`Loop::spawn_main`] with the main task's own name (asyncio's is `Task-1`).
    pub fn spawn_main_as<T: 'static>(&self, name: &str, fut: impl Future<Output = T> + 'static) -> TaskHandle<T> {
        let h = self.spawn(name, fut);
        self.inner.main.set(Some(h.id));
        h
    }

    /// `await asyncio.sleep(secs)`.
    pub fn sleep(&self, secs: f64) -> Sleep {
        Sleep { lp: self.clone(), ms: secs * 1000.0, deadline: None, span: None, label: format!("sleep({})", fmt_secs(secs)) }
    }

    /// `time.sleep(secs)` called inside a coroutine: it blocks the loop, so no other task runs.
    pub fn block(&self, secs: f64) -> Block {
        Block { lp: self.clone(), ms: secs * 1000.0, until: None, span: None, quiet: false }
    }

    fn set_waiting(&self, what: &str) {
        if let Some(cur) = self.inner.current.get() {
            if let Some(slot) = self.inner.tasks.borrow_mut().get_mut(&cur) {
                slot.waiting_on = Some(what.to_string());
            }
        }
    }

    fn add_timer(&self, deadline: f64, waker: Waker) {
        let seq = self.next_seq();
        self.inner.timers.borrow_mut().push(Timer { deadline, seq, waker });
    }

    /// Begins a wait overlay on the running task's bar.
    fn begin_wait(&self, label: &str) -> u64 {
        let id = self.span_id();
        self.emit(Event::Begin {
            id,
            parent: self.current_span(),
            t: self.now(),
            lane: LOOP_LANE.into(),
            label: label.into(),
            kind: SpanKind::Wait,
        });
        id
    }

    fn end_span(&self, id: u64) {
        self.emit(Event::End { id, t: self.now() });
    }

    /// A mark on the loop's lane (every task runs on the one thread the lane stands for), at the
    /// loop's current time: a timeout, a cancellation, an exception where it happened.
    pub fn mark(&self, kind: MarkKind, label: impl Into<String>) {
        self.emit(Event::Mark { t: self.now(), lane: LOOP_LANE.into(), kind, label: label.into() });
    }

    /// `task.cancel()`, as asyncio does it: the request is marked on the timeline at once, and the
    /// task is queued; its next step, in its turn among the ready tasks, drops its coroutine at the
    /// await where it is suspended and resolves its handle to `Cancelled`. So what the task does on
    /// cancellation (its `except CancelledError` block, a guard's destructor) happens on its own
    /// lane, after the rest of the canceller's step, as CPython throws CancelledError into the task
    /// at its next step. A task that cancels itself is dropped at the end of its current step.
    fn cancel_task(&self, id: TaskId) {
        let waker = {
            let mut tasks = self.inner.tasks.borrow_mut();
            let Some(slot) = tasks.get_mut(&id) else { return };
            if slot.fut.is_none() {
                slot.cancel_after_poll = true;
                return;
            }
            if slot.cancel_requested {
                return;
            }
            slot.cancel_requested = true;
            self.mark_cancel(&slot.name);
            slot.waker.clone()
        };
        Waker::from(waker).wake();
    }

    /// Drops a task at once, as its own step: for the tasks still pending when the run ends.
    fn cancel_now(&self, id: TaskId) {
        let (name, requested, quiet) = match self.inner.tasks.borrow().get(&id) {
            Some(slot) => (slot.name.clone(), slot.cancel_requested, slot.quiet),
            None => return,
        };
        // A quiet slot (a timer callback, a host turn) is no task of the program's: no mark.
        if !requested && !quiet {
            self.mark_cancel(&name);
        }
        self.finish_cancelled(id);
    }

    fn mark_cancel(&self, task: &str) {
        self.mark(MarkKind::Cancel, format!("{task} cancelled"));
    }

    /// Drops a cancelled task's coroutine with the task as the current one, so that what its
    /// destructors print lands on its own lane; then resolves its handle and closes its bar. The
    /// slot stays in the table while the coroutine is dropped, for the task's name.
    fn finish_cancelled(&self, id: TaskId) {
        let fut = match self.inner.tasks.borrow_mut().get_mut(&id) {
            Some(slot) => slot.fut.take(),
            None => return,
        };
        let previous = self.inner.current.replace(Some(id));
        drop(fut);
        self.inner.current.set(previous);
        let slot = self.inner.tasks.borrow_mut().remove(&id);
        if let Some(slot) = slot {
            self.finish_slot(slot);
        }
    }

    /// Drops a task's future outside any borrow (its destructors may call back into the loop) and
    /// closes its bar.
    fn finish_slot(&self, mut slot: Slot) {
        drop(slot.fut.take());
        if let Some(f) = slot.on_cancel.take() {
            f();
        }
        if !slot.quiet {
            self.end_span(slot.span);
        }
    }

    fn set_now(&self, t: f64) {
        // The loop's time never runs backwards, even if a host clock is coarse.
        if t > self.inner.now.get() {
            self.inner.now.set(t);
        }
    }

    fn fire_timers(&self) {
        let now = self.now() + EPSILON_MS;
        loop {
            let due = {
                let mut timers = self.inner.timers.borrow_mut();
                match timers.peek() {
                    Some(t) if t.deadline <= now => timers.pop(),
                    _ => None,
                }
            };
            match due {
                Some(t) => t.waker.wake(),
                None => break,
            }
        }
    }

    fn main_done(&self) -> bool {
        match self.inner.main.get() {
            Some(id) => !self.inner.tasks.borrow().contains_key(&id),
            None => self.inner.tasks.borrow().is_empty(),
        }
    }

    fn pop_ready(&self) -> Option<TaskId> {
        self.inner.ready.lock().unwrap_or_else(|p| p.into_inner()).pop_front()
    }

    fn run_ready(&self, budget: usize) -> Step {
        let mut steps = 0;
        loop {
            if let Some(until) = self.inner.blocked_until.get() {
                return Step::Blocked(until);
            }
            if self.main_done() {
                return Step::MainDone;
            }
            let Some(id) = self.pop_ready() else { break };
            let cancelled = match self.inner.tasks.borrow().get(&id) {
                Some(slot) => slot.cancel_requested && slot.fut.is_some(),
                None => continue,
            };
            if cancelled {
                self.finish_cancelled(id);
                steps += 1;
                if steps >= budget {
                    return Step::Yield;
                }
                continue;
            }
            let (mut fut, waker) = {
                let mut tasks = self.inner.tasks.borrow_mut();
                let Some(slot) = tasks.get_mut(&id) else { continue };
                let Some(fut) = slot.fut.take() else { continue };
                slot.waiting_on = None;
                slot.waker.queued.store(false, Ordering::Release);
                (fut, Waker::from(slot.waker.clone()))
            };
            self.inner.current.set(Some(id));
            let poll = fut.as_mut().poll(&mut Context::from_waker(&waker));
            self.inner.current.set(None);
            let (finished, self_cancelled) = {
                let mut tasks = self.inner.tasks.borrow_mut();
                match poll {
                    Poll::Ready(()) => (tasks.remove(&id), None),
                    Poll::Pending => match tasks.get_mut(&id) {
                        Some(slot) => {
                            slot.fut = Some(fut);
                            (None, slot.cancel_after_poll.then(|| slot.name.clone()))
                        }
                        None => (None, None),
                    },
                }
            };
            if let Some(mut slot) = finished {
                // The handle already holds the result; nothing to cancel.
                slot.on_cancel = None;
                self.finish_slot(slot);
            }
            if let Some(name) = self_cancelled {
                self.mark_cancel(&name);
                self.finish_cancelled(id);
            }
            steps += 1;
            if steps >= budget {
                return Step::Yield;
            }
        }
        if self.main_done() {
            return Step::MainDone;
        }
        if let Some(t) = self.inner.timers.borrow().peek() {
            return Step::Timer(t.deadline);
        }
        if self.inner.io_pending.get() > 0 {
            return Step::Io;
        }
        let mut waiting: Vec<(TaskId, Waiting)> = self
            .inner
            .tasks
            .borrow()
            .iter()
            .filter(|(_, s)| !s.quiet)
            .map(|(id, s)| (*id, Waiting { task: s.name.clone(), on: s.waiting_on.clone().unwrap_or_else(|| "nothing it can name".into()) }))
            .collect();
        waiting.sort_by_key(|(id, _)| *id);
        Step::Deadlock(waiting.into_iter().map(|(_, w)| w).collect())
    }

    /// When `asyncio.run` returns, tasks still pending are cancelled.
    fn cancel_all(&self) {
        let ids: Vec<TaskId> = self.inner.tasks.borrow().keys().copied().collect();
        let mut ids = ids;
        ids.sort_unstable();
        for id in ids {
            self.cancel_now(id);
        }
    }
}

fn fmt_secs(secs: f64) -> String {
    format!("{secs}")
}

/// A source of time for [`drive`]: the virtual clock natively, the page's clock in the browser.
pub trait Clock {
    /// Milliseconds on this clock's own scale; only differences are used.
    fn now_ms(&self) -> f64;
    /// A future that completes after `ms` milliseconds on this clock (at once if `ms <= 0`).
    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()>;
    /// The host's own time, in milliseconds, on which a computing program's turns are measured
    /// (see `pymodules::turn`). For a real clock it is the clock itself; a virtual clock in the
    /// page (the model of an edited program) still has to give the page its turns in real time.
    fn host_ms(&self) -> f64 {
        self.now_ms()
    }
}

/// Deterministic time: sleeping advances it instantly, so tests assert exact times.
#[derive(Clone, Default)]
pub struct VirtualClock {
    now: Rc<Cell<f64>>,
}

impl Clock for VirtualClock {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
        self.now.set(self.now.get() + ms.max(0.0));
        futures::future::ready(()).boxed_local()
    }
}

/// Runs the loop until the main task (from [`Loop::spawn_main`]) returns or nothing can progress.
///
/// This is asyncio's `run_forever` in a dozen lines: run what is ready, then wait on the clock for
/// the next timer. A blocking call waits on the clock without running anything else.
pub async fn drive(lp: &Loop, clock: &dyn Clock) -> Ending {
    let t0 = clock.now_ms();
    loop {
        lp.set_now(clock.now_ms() - t0);
        lp.fire_timers();
        match lp.run_ready(STEP_BUDGET) {
            Step::MainDone => {
                let elapsed_ms = lp.now();
                lp.cancel_all();
                return Ending::Finished { elapsed_ms };
            }
            Step::Yield => clock.sleep_ms(0.0).await,
            Step::Blocked(until) => {
                clock.sleep_ms(until - lp.now()).await;
                lp.set_now(clock.now_ms() - t0);
                if lp.now() + EPSILON_MS >= until {
                    lp.inner.blocked_until.set(None);
                }
                // The blocked task resumes first: in Python it never stopped running.
                if let Some(id) = lp.inner.blocked_task.take() {
                    lp.inner.ready.lock().unwrap_or_else(|p| p.into_inner()).push_front(id);
                }
            }
            Step::Timer(t) if lp.inner.io_pending.get() > 0 => {
                // Whichever comes first: the timer, or a response waking its task.
                let timer = clock.sleep_ms(t - lp.now());
                futures::future::select(timer, io_ready(lp)).await;
            }
            Step::Timer(t) => clock.sleep_ms(t - lp.now()).await,
            Step::Io => io_ready(lp).await,
            Step::Deadlock(waiting) => {
                let at_ms = lp.now();
                lp.cancel_all();
                return Ending::Deadlock { at_ms, waiting };
            }
        }
    }
}

/// Resolves once some task is ready again (woken by a response from outside the loop).
fn io_ready(lp: &Loop) -> impl Future<Output = ()> + Unpin + '_ {
    futures::future::poll_fn(move |cx| {
        lp.inner.io_wake.register(cx.waker());
        if lp.inner.ready.lock().unwrap_or_else(|p| p.into_inner()).is_empty() {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
}

/// Runs `main` on a fresh loop with a virtual clock and returns how it ended: the native way to run
/// an event-loop scenario.
pub fn run_virtual<T: 'static>(sink: Sink, main: impl FnOnce(Loop) -> LocalBoxFuture<'static, T>) -> (Ending, Option<T>) {
    let lp = Loop::new(sink);
    let handle = lp.spawn_main(main(lp.clone()));
    let clock = VirtualClock::default();
    let ending = futures::executor::block_on(drive(&lp, &clock));
    let out = handle.state.borrow_mut().result.take().and_then(Result::ok);
    (ending, out)
}

struct JoinState<T> {
    result: Option<Result<T, Cancelled>>,
    waiters: Vec<Waker>,
}

/// An `asyncio.Task`: await it for its result, or cancel it.
pub struct TaskHandle<T> {
    lp: Loop,
    id: TaskId,
    state: Rc<RefCell<JoinState<T>>>,
}

impl<T> TaskHandle<T> {
    pub fn cancel(&self) {
        self.lp.cancel_task(self.id)
    }
    pub fn done(&self) -> bool {
        self.state.borrow().result.is_some()
    }
}

impl<T> Future for TaskHandle<T> {
    type Output = Result<T, Cancelled>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut st = self.state.borrow_mut();
        if let Some(r) = st.result.take() {
            return Poll::Ready(r);
        }
        st.waiters.push(cx.waker().clone());
        drop(st);
        let name = self.lp.inner.tasks.borrow().get(&self.id).map(|s| s.name.clone()).unwrap_or_default();
        self.lp.set_waiting(&format!("task {name}"));
        Poll::Pending
    }
}

/// `await asyncio.gather(*tasks)`: results in argument order, whatever order the tasks finish in.
pub async fn gather<T>(tasks: Vec<TaskHandle<T>>) -> Vec<Result<T, Cancelled>> {
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await);
    }
    out
}

/// `await asyncio.gather(*tasks)` over tasks that may raise, without `return_exceptions=True`:
/// the first exception to be raised, in time, propagates at once, while results still come back
/// in argument order when none is raised. As in asyncio, the other tasks are not cancelled: they
/// run on, and nobody waits for them. A cancelled task raises `CancelledError` here.
pub async fn gather_raising<T>(tasks: Vec<TaskHandle<Result<T, RunError>>>) -> Result<Vec<T>, RunError> {
    let each = tasks.into_iter().map(|t| async move { t.await? });
    futures::future::try_join_all(each).await
}

/// `await asyncio.wait_for(coro, timeout)`: on timeout the coroutine is cancelled (dropped) and
/// `TimeoutError` is returned.
pub async fn wait_for<F: Future>(lp: &Loop, secs: f64, fut: F) -> Result<F::Output, TimeoutError> {
    let timer = Box::pin(lp.sleep(secs).quiet());
    let fut = Box::pin(fut);
    match select(fut, timer).await {
        Either::Left((v, _)) => Ok(v),
        Either::Right(_) => {
            lp.mark(MarkKind::Timeout, format!("{} timed out after {} s", lp.current_name(), fmt_secs(secs)));
            Err(TimeoutError)
        }
    }
}

/// The future of [`Loop::sleep`].
pub struct Sleep {
    lp: Loop,
    ms: f64,
    deadline: Option<f64>,
    span: Option<u64>,
    label: String,
}

impl Sleep {
    /// A sleep that draws no wait overlay (a timeout's timer is not something the task waits on).
    fn quiet(mut self) -> Self {
        self.label.clear();
        self
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = self.lp.now();
        let deadline = match self.deadline {
            Some(d) => d,
            // `asyncio.sleep(0)` still gives way once: the task goes to the back of the ready
            // queue, and whatever was ready before it runs first.
            None if self.ms <= 0.0 => {
                self.deadline = Some(now);
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            None => {
                let d = now + self.ms.max(0.0);
                self.deadline = Some(d);
                self.lp.add_timer(d, cx.waker().clone());
                if !self.label.is_empty() {
                    self.span = Some(self.lp.begin_wait(&self.label));
                }
                d
            }
        };
        if now + EPSILON_MS >= deadline {
            if let Some(id) = self.span.take() {
                self.lp.end_span(id);
            }
            return Poll::Ready(());
        }
        let label = format!("{} until {:.0} ms", if self.label.is_empty() { "timer" } else { &self.label }, deadline);
        self.lp.set_waiting(&label);
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some(id) = self.span.take() {
            self.lp.end_span(id);
        }
    }
}

/// The future of [`Loop::block`].
pub struct Block {
    lp: Loop,
    ms: f64,
    until: Option<f64>,
    span: Option<u64>,
    /// A hold (see [`Loop::hold`]) draws no bar.
    quiet: bool,
}

impl Future for Block {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = self.lp.now();
        match self.until {
            None => {
                let until = now + self.ms.max(0.0);
                self.until = Some(until);
                if !self.quiet {
                    let id = self.lp.span_id();
                    self.lp.emit(Event::Begin {
                        id,
                        parent: self.lp.current_span(),
                        t: now,
                        lane: LOOP_LANE.into(),
                        label: format!("time.sleep({}) blocks the loop", fmt_secs(self.ms / 1000.0)),
                        kind: SpanKind::Blocked,
                    });
                    self.span = Some(id);
                }
                self.lp.inner.blocked_until.set(Some(until));
                self.lp.inner.blocked_task.set(self.lp.inner.current.get());
                // Stay queued so that the driver's unblocking finds this task first.
                let _ = cx.waker();
                Poll::Pending
            }
            Some(until) if now + EPSILON_MS < until => {
                self.lp.inner.blocked_until.set(Some(until));
                self.lp.inner.blocked_task.set(self.lp.inner.current.get());
                Poll::Pending
            }
            Some(_) => {
                if let Some(id) = self.span.take() {
                    self.lp.end_span(id);
                }
                Poll::Ready(())
            }
        }
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        if let Some(id) = self.span.take() {
            self.lp.end_span(id);
        }
    }
}

/// `asyncio.Semaphore(n)` (and, with one permit, `asyncio.Lock`). Waiters are served first come,
/// first served, as in asyncio.
#[derive(Clone)]
pub struct Semaphore {
    lp: Loop,
    name: Rc<str>,
    st: Rc<RefCell<SemState>>,
}

struct SemState {
    permits: usize,
    queue: VecDeque<(u64, Waker)>,
    next_ticket: u64,
}

impl Semaphore {
    pub fn new(lp: &Loop, name: &str, permits: usize) -> Semaphore {
        Semaphore { lp: lp.clone(), name: name.into(), st: Rc::new(RefCell::new(SemState { permits, queue: VecDeque::new(), next_ticket: 0 })) }
    }

    /// `async with semaphore:` — the permit is returned when the guard is dropped.
    pub fn acquire(&self) -> Acquire {
        Acquire { sem: self.clone(), ticket: None, span: None }
    }

    pub fn available(&self) -> usize {
        self.st.borrow().permits
    }

    fn wake_front(&self) {
        let w = {
            let st = self.st.borrow();
            if st.permits > 0 {
                st.queue.front().map(|(_, w)| w.clone())
            } else {
                None
            }
        };
        if let Some(w) = w {
            w.wake();
        }
    }
}

/// The future of [`Semaphore::acquire`].
pub struct Acquire {
    sem: Semaphore,
    ticket: Option<u64>,
    span: Option<u64>,
}

impl Future for Acquire {
    type Output = SemaphoreGuard;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<SemaphoreGuard> {
        let mut st = self.sem.st.borrow_mut();
        match self.ticket {
            None if st.permits > 0 && st.queue.is_empty() => {
                st.permits -= 1;
                drop(st);
                Poll::Ready(SemaphoreGuard { sem: self.sem.clone() })
            }
            None => {
                let t = st.next_ticket;
                st.next_ticket += 1;
                st.queue.push_back((t, cx.waker().clone()));
                drop(st);
                self.ticket = Some(t);
                let label = format!("{} acquire", self.sem.name);
                self.span = Some(self.sem.lp.begin_wait(&label));
                self.sem.lp.set_waiting(&label);
                Poll::Pending
            }
            Some(t) => {
                if st.permits > 0 && st.queue.front().map(|(f, _)| *f) == Some(t) {
                    st.queue.pop_front();
                    st.permits -= 1;
                    drop(st);
                    self.ticket = None;
                    // Several permits may have come back in one step; pass the word down the line.
                    self.sem.wake_front();
                    if let Some(id) = self.span.take() {
                        self.sem.lp.end_span(id);
                    }
                    let who = self.sem.lp.current_name();
                    self.sem.lp.mark(MarkKind::Handover, format!("{} → {}", self.sem.name, who));
                    return Poll::Ready(SemaphoreGuard { sem: self.sem.clone() });
                }
                if let Some(e) = st.queue.iter_mut().find(|(f, _)| *f == t) {
                    e.1 = cx.waker().clone();
                }
                drop(st);
                let label = format!("{} acquire", self.sem.name);
                self.sem.lp.set_waiting(&label);
                Poll::Pending
            }
        }
    }
}

impl Drop for Acquire {
    fn drop(&mut self) {
        if let Some(t) = self.ticket.take() {
            // A waiter that is cancelled leaves the queue; if it was first in line, the next one
            // may now take the permit.
            self.sem.st.borrow_mut().queue.retain(|(f, _)| *f != t);
            self.sem.wake_front();
        }
        if let Some(id) = self.span.take() {
            self.sem.lp.end_span(id);
        }
    }
}

/// Holding a permit; dropping it releases the permit (the end of `async with`).
pub struct SemaphoreGuard {
    sem: Semaphore,
}

impl Drop for SemaphoreGuard {
    fn drop(&mut self) {
        self.sem.st.borrow_mut().permits += 1;
        self.sem.wake_front();
    }
}

/// `asyncio.Lock()`: a semaphore with one permit.
pub fn lock(lp: &Loop, name: &str) -> Semaphore {
    Semaphore::new(lp, name, 1)
}

/// `asyncio.Event()`.
#[derive(Clone)]
pub struct AsyncEvent {
    lp: Loop,
    st: Rc<RefCell<(bool, Vec<Waker>)>>,
}

impl AsyncEvent {
    pub fn new(lp: &Loop) -> AsyncEvent {
        AsyncEvent { lp: lp.clone(), st: Rc::new(RefCell::new((false, Vec::new()))) }
    }
    pub fn set(&self) {
        let waiters = {
            let mut st = self.st.borrow_mut();
            st.0 = true;
            std::mem::take(&mut st.1)
        };
        waiters.into_iter().for_each(Waker::wake);
    }
    pub fn clear(&self) {
        self.st.borrow_mut().0 = false;
    }
    pub fn is_set(&self) -> bool {
        self.st.borrow().0
    }
    /// `await event.wait()`.
    pub async fn wait(&self) {
        let span = if self.is_set() { None } else { Some(self.lp.begin_wait("event.wait()")) };
        futures::future::poll_fn(|cx| {
            let mut st = self.st.borrow_mut();
            if st.0 {
                Poll::Ready(())
            } else {
                st.1.push(cx.waker().clone());
                drop(st);
                self.lp.set_waiting("event.wait()");
                Poll::Pending
            }
        })
        .await;
        if let Some(id) = span {
            self.lp.end_span(id);
        }
    }
}

/// `asyncio.Queue(maxsize)`: FIFO, bounded when `maxsize > 0`, with `task_done` and `join`.
pub struct Queue<T> {
    lp: Loop,
    st: Rc<RefCell<QueueState<T>>>,
}

impl<T> Clone for Queue<T> {
    fn clone(&self) -> Self {
        Queue { lp: self.lp.clone(), st: self.st.clone() }
    }
}

struct QueueState<T> {
    items: VecDeque<T>,
    maxsize: usize,
    unfinished: usize,
    getters: Vec<Waker>,
    putters: Vec<Waker>,
    joiners: Vec<Waker>,
}

/// `queue.task_done()` called more times than items were put (Python's `ValueError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskDoneTooOften;

impl<T> Queue<T> {
    pub fn new(lp: &Loop, maxsize: usize) -> Queue<T> {
        Queue {
            lp: lp.clone(),
            st: Rc::new(RefCell::new(QueueState { items: VecDeque::new(), maxsize, unfinished: 0, getters: Vec::new(), putters: Vec::new(), joiners: Vec::new() })),
        }
    }

    pub fn qsize(&self) -> usize {
        self.st.borrow().items.len()
    }

    pub fn empty(&self) -> bool {
        self.qsize() == 0
    }

    /// `await queue.put(item)`: waits while the queue is full.
    pub async fn put(&self, item: T) {
        let mut item = Some(item);
        let mut span = None;
        futures::future::poll_fn(|cx| {
            let mut st = self.st.borrow_mut();
            if st.maxsize == 0 || st.items.len() < st.maxsize {
                if let Some(it) = item.take() {
                    st.items.push_back(it);
                }
                st.unfinished += 1;
                let getters = std::mem::take(&mut st.getters);
                drop(st);
                getters.into_iter().for_each(Waker::wake);
                Poll::Ready(())
            } else {
                st.putters.push(cx.waker().clone());
                drop(st);
                if span.is_none() {
                    span = Some(self.lp.begin_wait("queue.put() (full)"));
                }
                self.lp.set_waiting("queue.put() on a full queue");
                Poll::Pending
            }
        })
        .await;
        if let Some(id) = span {
            self.lp.end_span(id);
        }
    }

    /// `await queue.get()`: waits while the queue is empty.
    pub async fn get(&self) -> T {
        let mut span = None;
        let v = futures::future::poll_fn(|cx| {
            let mut st = self.st.borrow_mut();
            if let Some(v) = st.items.pop_front() {
                let putters = std::mem::take(&mut st.putters);
                drop(st);
                putters.into_iter().for_each(Waker::wake);
                Poll::Ready(v)
            } else {
                st.getters.push(cx.waker().clone());
                drop(st);
                if span.is_none() {
                    span = Some(self.lp.begin_wait("queue.get()"));
                }
                self.lp.set_waiting("queue.get() on an empty queue");
                Poll::Pending
            }
        })
        .await;
        if let Some(id) = span {
            self.lp.end_span(id);
        }
        v
    }

    /// `queue.task_done()`.
    pub fn task_done(&self) -> Result<(), TaskDoneTooOften> {
        let joiners = {
            let mut st = self.st.borrow_mut();
            if st.unfinished == 0 {
                return Err(TaskDoneTooOften);
            }
            st.unfinished -= 1;
            if st.unfinished == 0 {
                std::mem::take(&mut st.joiners)
            } else {
                Vec::new()
            }
        };
        joiners.into_iter().for_each(Waker::wake);
        Ok(())
    }

    /// `await queue.join()`: waits until every item put has been marked done.
    pub async fn join(&self) {
        let mut span = None;
        futures::future::poll_fn(|cx| {
            let mut st = self.st.borrow_mut();
            if st.unfinished == 0 {
                Poll::Ready(())
            } else {
                st.joiners.push(cx.waker().clone());
                drop(st);
                if span.is_none() {
                    span = Some(self.lp.begin_wait("queue.join()"));
                }
                self.lp.set_waiting("queue.join() with unfinished items");
                Poll::Pending
            }
        })
        .await;
        if let Some(id) = span {
            self.lp.end_span(id);
        }
    }
}
