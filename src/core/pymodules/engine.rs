//! `_engine`: what asyncio.py needs from the event-loop engine.
//!
//! The engine's loop is single-threaded (`Rc`), while Python values must be shareable between
//! threads, so the loop of the running program sits in a thread-local (asyncio keeps its running
//! loop per thread too) and Python only holds plain objects.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};

use crate::core::event_loop::{Clock, Loop};
use crate::core::python::builtins::{arg, native};
use crate::core::python::stdlib::{self, module};
use crate::core::python::value::*;
use crate::core::python::vm::{Flow, GenStep, Preempted, Resume, Unwind, Vm};
use crate::core::trace::MarkKind;

/// The state of a run that natives and task drivers share on the loop's thread.
pub struct LoopContext {
    pub lp: Loop,
    pub vm: Rc<RefCell<Vm>>,
    pub clock: Rc<dyn Clock>,
    /// The clock's reading when the program started: Python's clocks count from it.
    pub t0: f64,
    /// The next task spawned is asyncio.run's main task.
    pub main_pending: RefCell<bool>,
    /// Set by the host to end the run: every task ends at its next suspension.
    pub stop: Arc<std::sync::atomic::AtomicBool>,
    /// The host's turns, shared with the module-level code of the program.
    pub turn: Rc<super::turn::Turn>,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<LoopContext>>> = const { RefCell::new(None) };
    static CLOCK: RefCell<Option<(Rc<dyn Clock>, f64)>> = const { RefCell::new(None) };
    static RUN: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A new run takes over this thread's run state; returns its number.
pub fn begin_run() -> u64 {
    RUN.with(|r| {
        r.set(r.get() + 1);
        r.get()
    })
}

/// The number of the run that owns this thread's run state.
pub fn current_run() -> u64 {
    RUN.with(|r| r.get())
}

pub fn set_context(ctx: Option<Rc<LoopContext>>) {
    CURRENT.with(|c| *c.borrow_mut() = ctx);
}

pub fn context() -> Option<Rc<LoopContext>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// The clock the program's `time` module reads, set for the whole run.
pub fn set_clock(clock: Option<(Rc<dyn Clock>, f64)>) {
    CLOCK.with(|c| *c.borrow_mut() = clock);
}

/// Seconds since the program started, on the run's clock.
pub fn seconds() -> f64 {
    CLOCK.with(|c| c.borrow().as_ref().map(|(clock, t0)| (clock.now_ms() - t0) / 1000.0).unwrap_or(0.0))
}

/// The `time` module's view of the run's clock.
pub struct ThreadClock;

impl stdlib::Clock for ThreadClock {
    fn now(&self) -> f64 {
        seconds()
    }
}

fn no_loop(vm: &Vm) -> Unwind {
    vm.exc("RuntimeError", "no running event loop")
}

/// What `asyncio.run(coro)` asks the program's runner for.
pub struct RunRequest {
    pub coro: Value,
    class: Arc<Class>,
}

impl HostObject for RunRequest {
    fn class(&self) -> Arc<Class> {
        self.class.clone()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A task's wake-up, put among a future's done-callbacks: "calling" it (through `call_soon`)
/// queues the task on the engine at once, where asyncio would queue the task's `__wakeup`.
pub struct TaskWaker {
    state: Mutex<(bool, Option<Waker>)>,
    class: Arc<Class>,
}

impl TaskWaker {
    fn fire(&self) {
        let waker = {
            let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            st.0 = true;
            st.1.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }

    async fn fired(&self) {
        futures::future::poll_fn(|cx| {
            let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if st.0 {
                Poll::Ready(())
            } else {
                st.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }
}

impl HostObject for TaskWaker {
    fn class(&self) -> Arc<Class> {
        self.class.clone()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn repr(&self) -> String {
        "<task wakeup>".into()
    }
}

fn engine_time(_vm: &mut Vm, _a: Args) -> Flow<Value> {
    Ok(Value::Float(1000.0 + seconds()))
}

fn engine_running(_vm: &mut Vm, _a: Args) -> Flow<Value> {
    Ok(Value::Bool(context().is_some()))
}

fn engine_run(vm: &mut Vm, a: Args) -> Flow<Value> {
    let coro = arg(vm, &a, 0, "run")?;
    let class = vm.rt.types.object.clone();
    Err(Unwind::Suspend(Value::Host(Arc::new(RunRequest { coro, class }))))
}

fn engine_call_soon(vm: &mut Vm, a: Args) -> Flow<Value> {
    let ctx = context().ok_or_else(|| no_loop(vm))?;
    let cb = arg(vm, &a, 0, "call_soon")?;
    if let Value::Host(h) = &cb {
        if let Some(w) = h.as_any().downcast_ref::<TaskWaker>() {
            w.fire();
            return Ok(Value::None);
        }
    }
    let args = a.pos[1..].to_vec();
    let vm_cell = ctx.vm.clone();
    ctx.lp.call_soon(move || run_callback(&vm_cell, &cb, args));
    Ok(Value::None)
}

fn engine_call_later(vm: &mut Vm, a: Args) -> Flow<Value> {
    let ctx = context().ok_or_else(|| no_loop(vm))?;
    let delay = arg(vm, &a, 0, "call_later")?;
    let delay = crate::core::python::ops::as_float(&delay).unwrap_or(0.0);
    let cb = arg(vm, &a, 1, "call_later")?;
    let args = a.pos[2..].to_vec();
    let vm_cell = ctx.vm.clone();
    ctx.lp.call_later(delay, move || run_callback(&vm_cell, &cb, args));
    Ok(Value::None)
}

/// Runs a callback as a step of the loop; an exception in it is reported, as asyncio does, and
/// the loop goes on.
fn run_callback(vm: &Rc<RefCell<Vm>>, cb: &Value, args: Vec<Value>) {
    let Ok(mut vm) = vm.try_borrow_mut() else { return };
    if let Err(Unwind::Raise(e)) = vm.call(cb, Args::new(args)) {
        let line = crate::core::python::traceback::exception_line(&mut vm, &e);
        let rt = vm.rt.clone();
        rt.output.write_err(&vm, &format!("Exception in callback\n{line}\n"));
    }
}

fn engine_spawn(vm: &mut Vm, a: Args) -> Flow<Value> {
    let ctx = context().ok_or_else(|| no_loop(vm))?;
    let task = arg(vm, &a, 0, "spawn")?;
    let Value::Generator(coro) = arg(vm, &a, 1, "spawn")? else { return Err(vm.type_error("a coroutine was expected")) };
    let name = task_label(&arg(vm, &a, 2, "spawn")?, &Value::Generator(coro.clone()));
    let context_obj = a.pos.get(3).cloned().unwrap_or(Value::None);
    let is_main = ctx.main_pending.replace(false);
    let fut = drive_task(ctx.clone(), task, coro, context_obj, is_main);
    if is_main {
        ctx.lp.spawn_main_as(&name, fut);
    } else {
        ctx.lp.spawn(name, fut);
    }
    Ok(Value::None)
}

fn engine_is_coroutine_code(vm: &mut Vm, a: Args) -> Flow<Value> {
    Ok(Value::Bool(matches!(arg(vm, &a, 0, "is_coroutine_code")?, Value::Code(c) if c.kind == crate::core::python::bytecode::CodeKind::Coroutine)))
}

/// How the timeline and the deadlock report name a task: by its name, as CPython's repr does, and
/// by its coroutine, which is what the learner recognises in the listing: `Task-2 worker()`.
fn task_label(name: &Value, coro: &Value) -> String {
    let coro = match coro {
        Value::Generator(g) => format!("{}()", g.name),
        _ => String::new(),
    };
    match name {
        Value::Str(s) if coro.is_empty() => s.to_string(),
        Value::Str(s) => format!("{s} {coro}"),
        _ => coro,
    }
}

/// `task.cancel()`, the first time it is asked: a mark on the timeline.
fn engine_mark_cancel(vm: &mut Vm, a: Args) -> Flow<Value> {
    let (name, coro) = (arg(vm, &a, 0, "mark_cancel")?, arg(vm, &a, 1, "mark_cancel")?);
    if let Some(ctx) = context() {
        ctx.lp.mark(MarkKind::Cancel, format!("{} cancelled", task_label(&name, &coro)));
    }
    Ok(Value::None)
}

/// A timeout that fired (`wait_for`, `asyncio.timeout`): a mark naming the task that waited.
fn engine_mark_timeout(vm: &mut Vm, a: Args) -> Flow<Value> {
    let (name, coro, what) = (arg(vm, &a, 0, "mark_timeout")?, arg(vm, &a, 1, "mark_timeout")?, arg(vm, &a, 2, "mark_timeout")?);
    if let (Some(ctx), Value::Str(what)) = (context(), what) {
        ctx.lp.mark(MarkKind::Timeout, format!("{} {what}", task_label(&name, &coro)));
    }
    Ok(Value::None)
}

/// A lock or semaphore passed to the task that waited for it: a mark on the timeline, in the lane
/// of the task that now holds it.
fn engine_mark_handover(vm: &mut Vm, a: Args) -> Flow<Value> {
    if let (Some(ctx), Value::Str(what)) = (context(), arg(vm, &a, 0, "mark_handover")?) {
        let who = ctx.lp.current_name();
        ctx.lp.mark(MarkKind::Handover, format!("{what} → {who}"));
    }
    Ok(Value::None)
}

/// `_engine.fetch(url, future)`: an HTTP GET by the host, as a step sequence of its own that
/// draws nothing; the future gets `(status, text)`, or `aiohttp.ClientConnectorError`. While it
/// is on its way the loop counts it as pending I/O, so waiting for it is no deadlock.
fn engine_fetch(vm: &mut Vm, a: Args) -> Flow<Value> {
    let ctx = context().ok_or_else(|| no_loop(vm))?;
    let url = match arg(vm, &a, 0, "fetch")? {
        Value::Str(s) => s.to_string(),
        _ => return Err(vm.type_error("fetch() needs a URL")),
    };
    let fut = arg(vm, &a, 1, "fetch")?;
    let lp = ctx.lp.clone();
    let vm_cell = ctx.vm.clone();
    ctx.lp.spawn_quiet(async move {
        let response = lp.fetch(&url).await;
        let Ok(mut vm) = vm_cell.try_borrow_mut() else { return };
        // A future cancelled meanwhile refuses its result; that is no error of the program's.
        let _ = match response {
            Ok(r) => call_method(&mut vm, &fut, "set_result", vec![Value::tuple(vec![Value::Int(r.status as i64), Value::str(&r.text)])]),
            Err(e) => {
                let message = match e {
                    crate::core::lesson::RunError::Py { message, .. } => message,
                    other => other.to_string(),
                };
                let exc = vm.import("aiohttp").and_then(|m| vm.get_attr(&m, "ClientConnectorError")).and_then(|c| vm.call(&c, Args::new(vec![Value::str(&message)])));
                match exc {
                    Ok(exc) => call_method(&mut vm, &fut, "set_exception", vec![exc]),
                    Err(e) => Err(e),
                }
            }
        };
    });
    Ok(Value::None)
}

pub fn make_streams(vm: &mut Vm) -> Flow<Value> {
    stdlib::source_module(vm, "_streams", include_str!("streams.py"))
}

pub fn make_aiohttp(vm: &mut Vm) -> Flow<Value> {
    stdlib::source_module(vm, "aiohttp", include_str!("aiohttp.py"))
}

pub fn make_engine(_vm: &mut Vm) -> Flow<Value> {
    Ok(module(
        "_engine",
        vec![
            ("time", native("time", "", engine_time)),
            ("running", native("running", "", engine_running)),
            ("run", native("run", "", engine_run)),
            ("call_soon", native("call_soon", "", engine_call_soon)),
            ("call_later", native("call_later", "", engine_call_later)),
            ("spawn", native("spawn", "", engine_spawn)),
            ("mark_cancel", native("mark_cancel", "", engine_mark_cancel)),
            ("mark_handover", native("mark_handover", "", engine_mark_handover)),
            ("mark_timeout", native("mark_timeout", "", engine_mark_timeout)),
            ("fetch", native("fetch", "", engine_fetch)),
            ("is_coroutine_code", native("is_coroutine_code", "", engine_is_coroutine_code)),
        ],
    ))
}

pub fn make_asyncio(vm: &mut Vm) -> Flow<Value> {
    stdlib::source_module(vm, "asyncio", include_str!("asyncio.py"))
}

fn attr(vm: &mut Vm, obj: &Value, name: &str) -> Flow<Value> {
    vm.get_attr(obj, name)
}

fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: Vec<Value>) -> Flow<Value> {
    let m = vm.get_attr(obj, name)?;
    vm.call(&m, Args::new(args))
}

fn asyncio_fn(vm: &mut Vm, module: &str, name: &str) -> Flow<Value> {
    let m = vm.import(module)?;
    vm.get_attr(&m, name)
}

/// What a task's coroutine asked for when it stopped.
enum Wait {
    Future(Value, String),
    YieldOnce,
    Hold,
    Block(f64),
    Done,
}

/// One Python task on the engine: CPython's `Task.__step` and `__wakeup` as a loop over the
/// coroutine's suspensions.
async fn drive_task(ctx: Rc<LoopContext>, task: Value, coro: Arc<Generator>, context_obj: Value, is_main: bool) {
    run_task(&ctx, &task, &coro, &context_obj).await;
    if is_main {
        // As asyncio.run does once main has returned: cancel what is still pending and let it
        // run its cleanup before the run ends.
        let leftovers = {
            let Ok(mut vm) = ctx.vm.try_borrow_mut() else { return };
            match asyncio_fn(&mut vm, "asyncio", "_cancel_leftovers").and_then(|f| vm.call(&f, Args::new(vec![]))) {
                Ok(Value::List(l)) if !l.lock().is_empty() => Some(Value::List(l)),
                _ => None,
            }
        };
        if let Some(pending) = leftovers {
            let waiter = {
                let Ok(mut vm) = ctx.vm.try_borrow_mut() else { return };
                let made = asyncio_fn(&mut vm, "asyncio", "_wait_leftovers")
                    .and_then(|w| vm.call(&w, Args::new(vec![pending])))
                    .and_then(|coro| asyncio_fn(&mut vm, "asyncio", "Task").and_then(|t| vm.call(&t, Args::new(vec![coro]))));
                match made {
                    Ok(t) => t,
                    Err(_) => return,
                }
            };
            wait_done(&ctx, &waiter, "cancelled tasks to finish").await;
        }
    }
}

/// Waits until a future is done, as a wait of the running engine task.
async fn wait_done(ctx: &Rc<LoopContext>, fut: &Value, label: &str) {
    let waker = Arc::new(TaskWaker { state: Mutex::new((false, None)), class: ctx.vm.borrow().rt.types.object.clone() });
    {
        let Ok(mut vm) = ctx.vm.try_borrow_mut() else { return };
        let done = call_method(&mut vm, fut, "done", vec![]).map(|d| matches!(d, Value::Bool(true))).unwrap_or(true);
        if done || call_method(&mut vm, fut, "add_done_callback", vec![Value::Host(waker.clone())]).is_err() {
            return;
        }
    }
    ctx.lp.waiting(label, waker.fired()).await;
}

async fn run_task(ctx: &Rc<LoopContext>, task: &Value, coro: &Arc<Generator>, context_obj: &Value) {
    let mut resume = Resume::Value(Value::None);
    loop {
        if ctx.stop.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let wait = {
            let Ok(mut vm) = ctx.vm.try_borrow_mut() else { return };
            step(&mut vm, task, coro, context_obj, std::mem::replace(&mut resume, Resume::Value(Value::None)))
        };
        let wait = match wait {
            Ok(w) => w,
            Err(_) => Wait::Done,
        };
        match wait {
            Wait::Done => return,
            Wait::YieldOnce => ctx.lp.sleep(0.0).await,
            // A time slice ended: go on computing until the turn is used up, then freeze the
            // loop for one host turn (the loop is blocked all along, as CPython's would be).
            Wait::Hold => {
                if ctx.turn.spent(ctx.clock.host_ms()) {
                    ctx.lp.hold().await;
                    ctx.turn.restart(ctx.clock.host_ms());
                }
            }
            Wait::Block(secs) => ctx.lp.block(secs).await,
            Wait::Future(fut, label) => {
                let waker = Arc::new(TaskWaker { state: Mutex::new((false, None)), class: ctx.vm.borrow().rt.types.object.clone() });
                {
                    let Ok(mut vm) = ctx.vm.try_borrow_mut() else { return };
                    if call_method(&mut vm, &fut, "add_done_callback", vec![Value::Host(waker.clone())]).is_err() {
                        return;
                    }
                }
                ctx.lp.waiting(&label, waker.fired()).await;
                let Ok(mut vm) = ctx.vm.try_borrow_mut() else { return };
                let _ = vm.set_attr(task, "_fut_waiter", Value::None);
            }
        }
    }
}

/// Runs the coroutine up to its next suspension, with the task as the current one and in the
/// task's context; settles the task when the coroutine ends.
fn step(vm: &mut Vm, task: &Value, coro: &Arc<Generator>, context_obj: &Value, mut resume: Resume) -> Flow<Wait> {
    let must_cancel = attr(vm, task, "_must_cancel")?;
    if vm.truthy(&must_cancel)? {
        let exc = call_method(vm, task, "_step_exception", vec![])?;
        resume = Resume::Throw(exc);
    }
    let set_current = asyncio_fn(vm, "asyncio", "_set_current")?;
    vm.call(&set_current, Args::new(vec![task.clone()]))?;
    let enter = asyncio_fn(vm, "contextvars", "_enter")?;
    let saved = if context_obj.is_none() { Value::None } else { vm.call(&enter, Args::new(vec![context_obj.clone()]))? };
    let result = vm.resume_delegated(coro, resume);
    if !saved.is_none() {
        vm.call(&enter, Args::new(vec![saved]))?;
    }
    vm.call(&set_current, Args::new(vec![Value::None]))?;
    match result {
        Ok(GenStep::Yielded(v)) => {
            if v.is_none() {
                return Ok(Wait::YieldOnce);
            }
            let blocking = vm.lookup_attr(&v, "_asyncio_future_blocking")?;
            if matches!(blocking, Some(Value::Bool(true))) {
                vm.set_attr(&v, "_asyncio_future_blocking", Value::Bool(false))?;
                vm.set_attr(task, "_fut_waiter", v.clone())?;
                let must_cancel = attr(vm, task, "_must_cancel")?;
                if vm.truthy(&must_cancel)? {
                    let msg = attr(vm, task, "_cancel_message")?;
                    let ok = call_method(vm, &v, "cancel", vec![msg])?;
                    if vm.truthy(&ok)? {
                        vm.set_attr(task, "_must_cancel", Value::Bool(false))?;
                    }
                }
                let label = match vm.lookup_attr(&v, "_label")? {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => {
                        let name = vm.type_name(&v);
                        if name == "Task" {
                            let n = call_method(vm, &v, "get_name", vec![])?;
                            format!("task {}", vm.str_of(&n)?)
                        } else {
                            "a future".to_string()
                        }
                    }
                };
                return Ok(Wait::Future(v, label));
            }
            // Anything else yielded to a task is a mistake in the program, as asyncio says.
            let r = vm.repr(&v)?;
            let exc = match vm.exc("RuntimeError", format!("Task got bad yield: {r}")) {
                Unwind::Raise(e) => e,
                Unwind::Suspend(v) => v,
            };
            call_method(vm, task, "_fail", vec![exc])?;
            Ok(Wait::Done)
        }
        Ok(GenStep::Returned(v)) => {
            call_method(vm, task, "_finish", vec![v])?;
            Ok(Wait::Done)
        }
        Err(Unwind::Raise(e)) => {
            // An exception that ends a task is marked where it happened; a cancellation has its
            // own mark, made when it was asked for.
            if vm.type_name(&e) != "CancelledError" {
                if let Some(ctx) = context() {
                    let line = crate::core::python::traceback::exception_line(vm, &e);
                    ctx.lp.mark(MarkKind::Error, line);
                }
            }
            call_method(vm, task, "_fail", vec![e])?;
            Ok(Wait::Done)
        }
        Err(Unwind::Suspend(request)) => Ok(suspension(&request)),
    }
}

/// What a suspension request from inside a coroutine means for its task.
fn suspension(request: &Value) -> Wait {
    match request {
        Value::Host(h) if h.as_any().downcast_ref::<Preempted>().is_some() => Wait::Hold,
        Value::Tuple(t) => match (t.first(), t.get(1)) {
            (Some(Value::Str(kind)), Some(Value::Float(secs))) if &**kind == "time.sleep" => Wait::Block(*secs),
            _ => Wait::Hold,
        },
        _ => Wait::Hold,
    }
}
