//! Running a lesson's own Python listing on the interpreter: the path every event-loop lesson
//! takes once [`super::lessons::runs_its_listing`] says so, in the page (on the browser's clock) and
//! natively (on the virtual clock), so both report the same way.
//!
//! The listing is rendered with the learner's values, run by [`run_async_program`], and its
//! ending becomes the page's [`Outcome`]: a traceback is shown as CPython prints it, and a
//! deadlock as the engine's report of who waits on what.

use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::event_loop::{Clock, Fetch};
use super::lesson::{render_listing, Lesson, RunError, Values};
use super::pymodules::{run_async_program, ProgramRun};
use super::python::Ending;
use super::runner::Outcome;
use super::model_clock::ModelClock;
use super::trace::{null_sink, Sink};

/// What the host lends a run: its clock, and HTTP for `aiohttp`.
pub struct Host {
    pub clock: Rc<dyn Clock>,
    pub fetch: Option<Rc<dyn Fetch>>,
}

/// The file name tracebacks give the listing: the lesson's id, as if it were saved under it.
pub fn file_name(lesson: &Lesson) -> String {
    format!("{}.py", lesson.id)
}

/// Runs `source` (a lesson's listing, or the learner's own program) on `clock` to its end, or
/// until `stop` is set. Returns how it ended and how long it took on that clock.
pub async fn run_source(source: &str, file_name: &str, host: Host, sink: Sink, stop: Arc<AtomicBool>) -> (Outcome, f64) {
    let Host { clock, fetch } = host;
    let mut program = ProgramRun::new(sink, None);
    program.stop = stop;
    program.fetch = fetch;
    let deadlock = program.deadlock.clone();
    let t0 = clock.now_ms();
    let ending = run_async_program(source, file_name, clock.clone(), program).await;
    let elapsed_ms = clock.now_ms() - t0;
    let outcome = match ending {
        Ending::Finished | Ending::Exited { code: 0, .. } => Outcome::Done,
        Ending::Stopped => Outcome::Error(RunError::Stopped),
        Ending::Failed { stderr } | Ending::Exited { stderr, .. } => match deadlock.take() {
            Some(d) => Outcome::Deadlock { at_ms: d.at_ms, waiting: d.waiting },
            None => Outcome::Error(RunError::Traceback(stderr)),
        },
    };
    let elapsed_ms = match &outcome {
        Outcome::Deadlock { at_ms, .. } => *at_ms,
        _ => elapsed_ms,
    };
    (outcome, elapsed_ms)
}

/// The model of a program that has no hand-written one (the learner's own): the same program on
/// the virtual clock of [`ModelClock`], where every sleep takes exactly its time and computing
/// takes none, giving the page its turns on `host_clock` meanwhile. Returns the time it took on
/// that clock (to its end, its uncaught exception or its deadlock), or `None` if it was stopped.
pub async fn model_ms(source: &str, file_name: &str, host_clock: Rc<dyn Clock>, fetch: Option<Rc<dyn Fetch>>, stop: Arc<AtomicBool>) -> Option<f64> {
    let clock: Rc<dyn Clock> = Rc::new(ModelClock::new(host_clock));
    let (outcome, elapsed_ms) = run_source(source, file_name, Host { clock, fetch }, null_sink(), stop).await;
    match outcome {
        Outcome::Error(RunError::Stopped) => None,
        _ => Some(elapsed_ms),
    }
}

/// Runs the lesson's listing for `variant` with `values`.
pub async fn run_listing(lesson: &Lesson, values: &Values, variant: &str, host: Host, sink: Sink, stop: Arc<AtomicBool>) -> (Outcome, f64) {
    let source = render_listing(lesson, variant, values);
    run_source(&source, &file_name(lesson), host, sink, stop).await
}

/// The page's "Bytecode" tab: a `dis`-style listing of what the interpreter runs for `source`, or
/// the syntax error, as CPython reports it, that keeps it from compiling.
pub fn bytecode(source: &str, file_name: &str) -> Result<String, String> {
    match super::python::compiler::compile_module(source, file_name) {
        Ok(code) => Ok(code.disassemble()),
        Err(e) => Err(super::python::traceback::format_syntax_error(file_name, &e)),
    }
}
