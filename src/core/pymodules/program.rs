//! Running a whole program with asyncio on the event-loop engine.
//!
//! The module's code runs on the VM; `asyncio.run(main())` suspends it, and the runner drives a
//! fresh engine loop with `main()` as its main task until it ends, then resumes the module with
//! the result (or the exception). `time.sleep` outside the loop waits on the clock; a long
//! computation hands the host a turn every time slice. Everything printed becomes the engine's
//! output events, stamped with the loop's time and the task that printed.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::engine::{self, LoopContext, RunRequest};
use super::turn::Turn;
use crate::core::event_loop::{drive, Clock, Ending as LoopEnding, Fetch, Loop, Waiting, LOOP_LANE};
use crate::core::python::runtime::{Output, Runtime};
use crate::core::python::value::{Args, Shared, Value};
use crate::core::python::vm::{Exit, Resume, Unwind, Vm};
use crate::core::python::{compiler, ending_of, frame::Frame, main_module, stdlib, traceback, Ending};
use crate::core::trace::{Event, Sink};

/// Where a run's output goes besides the trace.
pub struct ProgramRun {
    pub sink: Sink,
    /// Also gets the printed text as it is (the native runner's stdout, a test's capture).
    pub echo: Option<Arc<dyn Output>>,
    /// Set by the host to end the run (Stop in the page, a time limit in tests); the run ends at
    /// its next time slice with [`Ending::Stopped`].
    pub stop: Arc<AtomicBool>,
    /// Filled in when the run ends in a deadlock: when, and who waits on what. The ending itself
    /// is then [`Ending::Failed`] with the same report as text, as `pyrun` prints it.
    pub deadlock: Rc<RefCell<Option<Deadlock>>>,
    /// HTTP for `aiohttp`: the page's fetch(), natively the site's files; `None` has no network.
    pub fetch: Option<Rc<dyn Fetch>>,
}

/// The engine's deadlock: no task can go on and no timer is pending.
#[derive(Clone, Debug, PartialEq)]
pub struct Deadlock {
    pub at_ms: f64,
    pub waiting: Vec<Waiting>,
}

impl ProgramRun {
    pub fn new(sink: Sink, echo: Option<Arc<dyn Output>>) -> ProgramRun {
        ProgramRun { sink, echo, stop: Arc::new(AtomicBool::new(false)), deadlock: Rc::new(RefCell::new(None)), fetch: None }
    }
}

/// Clears the thread's run state however the run ends, including when the host drops the run's
/// future half-way (Stop in the page aborts it): the next run must not find this one's loop.
///
/// A run dropped late (the page aborts a run, then starts the next one before the first is
/// dropped) must not clear the state of the run that replaced it: only the run that owns the
/// state clears it.
struct RunState {
    run: u64,
}

impl Drop for RunState {
    fn drop(&mut self) {
        if engine::current_run() != self.run {
            return;
        }
        // An abandoned run's tasks hold its loop context and so the loop itself: drop them, or
        // the whole run (its VM and every object it made) would stay in memory.
        if let Some(ctx) = engine::context() {
            ctx.lp.shut_down();
        }
        engine::set_clock(None);
        engine::set_context(None);
    }
}

/// Printed text as the engine's output events: one event a line, with its time and lane.
struct EngineOutput {
    sink: Sink,
    echo: Option<Arc<dyn Output>>,
    partial: Shared<String>,
}

impl EngineOutput {
    fn emit_line(&self, text: String) {
        let (t, lane) = match engine::context() {
            Some(ctx) => (ctx.lp.now(), ctx.lp.current_name()),
            None => (engine::seconds() * 1000.0, "main".to_string()),
        };
        let lane = if lane == LOOP_LANE { "main".to_string() } else { lane };
        (self.sink)(Event::Output { t, lane, text });
    }

    fn flush(&self) {
        let rest = std::mem::take(&mut *self.partial.lock());
        if !rest.is_empty() {
            self.emit_line(rest);
        }
    }
}

impl Output for EngineOutput {
    fn write(&self, vm: &Vm, text: &str) {
        if let Some(echo) = &self.echo {
            echo.write(vm, text);
        }
        let lines = {
            let mut partial = self.partial.lock();
            partial.push_str(text);
            let mut lines = Vec::new();
            while let Some(i) = partial.find('\n') {
                lines.push(partial[..i].to_string());
                partial.drain(..=i);
            }
            lines
        };
        for l in lines {
            self.emit_line(l);
        }
    }

    fn write_err(&self, vm: &Vm, text: &str) {
        match &self.echo {
            Some(echo) => echo.write_err(vm, text),
            None => self.write(vm, text),
        }
    }
}

/// Runs `source` to its end on `clock`; asyncio runs on the event-loop engine.
pub async fn run_async_program(source: &str, filename: &str, clock: Rc<dyn Clock>, run: ProgramRun) -> Ending {
    let output = Arc::new(EngineOutput { sink: run.sink.clone(), echo: run.echo.clone(), partial: Shared::new(String::new()) });
    let rt = Runtime::new(output.clone());
    rt.add_module("_engine", engine::make_engine);
    rt.add_module("asyncio", engine::make_asyncio);
    rt.add_module("aiohttp", engine::make_aiohttp);
    rt.add_module("_streams", engine::make_streams);
    let thread_clock: Box<dyn stdlib::Clock> = Box::new(engine::ThreadClock);
    rt.extensions.lock().insert("clock", Arc::new(thread_clock));
    rt.extensions.lock().insert("sleep", Arc::new(()));
    let t0 = clock.now_ms();
    let _state = RunState { run: engine::begin_run() };
    engine::set_clock(Some((clock.clone(), t0)));
    let ending = run_module(&rt, source, filename, clock, t0, &run).await;
    output.flush();
    ending
}

async fn run_module(rt: &Arc<Runtime>, source: &str, filename: &str, clock: Rc<dyn Clock>, t0: f64, run: &ProgramRun) -> Ending {
    let code = match compiler::compile_module(source, filename) {
        Ok(c) => c,
        Err(e) => return Ending::Failed { stderr: traceback::format_syntax_error(filename, &e) },
    };
    let module = main_module(rt);
    let vm = Rc::new(RefCell::new(Vm::new(rt.clone())));
    vm.borrow_mut().preemptive = true;
    let turn = Rc::new(Turn::new(clock.host_ms()));
    let mut frames = vec![Frame::new(code, module.dict.clone(), Some(module.dict.clone()))];
    let mut resume = Resume::Continue;
    loop {
        let exit = vm.borrow_mut().execute(std::mem::take(&mut frames), resume);
        resume = Resume::Value(Value::None);
        match exit {
            Exit::Return(_) => return Ending::Finished,
            Exit::Raise(e) => return ending_of(&mut vm.borrow_mut(), &e, source),
            Exit::Yield(_, saved) => frames = saved,
            Exit::Preempt(saved) => {
                if rt.stopped() || run.stop.load(Ordering::Relaxed) {
                    return Ending::Stopped;
                }
                if turn.spent(clock.host_ms()) {
                    clock.sleep_ms(0.0).await;
                    turn.restart(clock.host_ms());
                }
                frames = saved;
                resume = Resume::Continue;
            }
            Exit::Suspend(request, saved) => {
                frames = saved;
                if let Value::Host(h) = &request {
                    if h.as_any().downcast_ref::<RunRequest>().is_some() {
                        match run_loop(&vm, clock.clone(), t0, run, &turn, request_coro(h)).await {
                            Ok(r) => resume = r,
                            Err(ending) => return ending,
                        }
                        continue;
                    }
                }
                if let Value::Tuple(t) = &request {
                    if let (Some(Value::Str(kind)), Some(Value::Float(secs))) = (t.first(), t.get(1)) {
                        if &**kind == "time.sleep" {
                            clock.sleep_ms(secs * 1000.0).await;
                        }
                    }
                }
            }
        }
    }
}

/// `asyncio.run(coro)`: a fresh loop whose main task is the coroutine. Returns how the module
/// resumes (the result, or the exception thrown in), or how the whole run ends (a deadlock).
fn request_coro(h: &Arc<dyn crate::core::python::value::HostObject>) -> Value {
    h.as_any().downcast_ref::<RunRequest>().map(|r| r.coro.clone()).unwrap_or(Value::None)
}

async fn run_loop(vm: &Rc<RefCell<Vm>>, clock: Rc<dyn Clock>, t0: f64, run: &ProgramRun, turn: &Rc<Turn>, coro: Value) -> Result<Resume, Ending> {
    let lp = Loop::new(run.sink.clone());
    if let Some(fetch) = &run.fetch {
        lp.set_fetch(fetch.clone());
    }
    let ctx = Rc::new(LoopContext { lp: lp.clone(), vm: vm.clone(), clock: clock.clone(), t0, main_pending: RefCell::new(false), stop: run.stop.clone(), turn: turn.clone() });
    engine::set_context(Some(ctx.clone()));
    let task = {
        let mut v = vm.borrow_mut();
        // Tasks made before the loop ran (`loop.create_task`) were scheduled first, as in asyncio.
        let deferred = v.import("asyncio").and_then(|m| v.get_attr(&m, "_spawn_deferred")).and_then(|f| v.call(&f, Args::new(vec![])));
        if let Err(Unwind::Raise(e)) = deferred {
            engine::set_context(None);
            return Ok(Resume::Throw(e));
        }
        ctx.main_pending.replace(true);
        let made = v.import("asyncio").and_then(|m| v.get_attr(&m, "Task")).and_then(|t| v.call(&t, Args::new(vec![coro])));
        match made {
            Ok(t) => t,
            Err(Unwind::Raise(e)) => {
                engine::set_context(None);
                return Ok(Resume::Throw(e));
            }
            Err(Unwind::Suspend(_)) => {
                engine::set_context(None);
                return Ok(Resume::Value(Value::None));
            }
        }
    };
    let ending = drive(&lp, &*clock).await;
    engine::set_context(None);
    if run.stop.load(Ordering::Relaxed) {
        return Err(Ending::Stopped);
    }
    if let LoopEnding::Deadlock { at_ms, waiting } = ending {
        let mut report = format!("Deadlock at {:.0} ms: no task can go on, and no timer is pending. CPython would wait here forever.\n", at_ms);
        for w in &waiting {
            report.push_str(&format!("  {} waits on {}\n", w.task, w.on));
        }
        run.deadlock.replace(Some(Deadlock { at_ms, waiting }));
        return Err(Ending::Failed { stderr: report });
    }
    let mut v = vm.borrow_mut();
    let result = v.get_attr(&task, "result").and_then(|r| v.call(&r, Args::new(vec![])));
    Ok(match result {
        Ok(value) => Resume::Value(value),
        Err(Unwind::Raise(e)) => Resume::Throw(e),
        Err(Unwind::Suspend(_)) => Resume::Value(Value::None),
    })
}
