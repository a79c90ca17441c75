//! Running a lesson to its end, and how a run ends.
//!
//! The page runs lessons step by step on the browser's loop and workers; natively (tests, the
//! benchmark) [`run_native`] runs event-loop lessons on the virtual clock, thread lessons on OS
//! threads and process lessons on OS threads that share nothing, and returns the whole trace.

use super::event_loop::Waiting;
use super::lesson::RunError;
#[cfg(not(target_arch = "wasm32"))]
use super::lesson::{Engine, Env, Lesson, Values};
use super::trace::Trace;

/// How a run ended, as the page reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done,
    /// A Python exception, a capacity problem, or Stop.
    Error(RunError),
    /// The event loop could not make progress: who waits on what.
    Deadlock { at_ms: f64, waiting: Vec<Waiting> },
}

/// Everything a finished native run produced.
#[derive(Clone, Debug)]
pub struct Report {
    pub trace: Trace,
    pub outcome: Outcome,
    pub elapsed_ms: f64,
    /// The model's prediction: from the lesson, or calibrated during the run.
    pub predicted_ms: Option<f64>,
}

/// The environment of a native run: as many threads as asked for, the machine's cores.
#[cfg(not(target_arch = "wasm32"))]
pub fn native_env() -> Env {
    Env { workers: None, cores: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) }
}

/// HTTP natively: the site's own files under `www/` (where the page fetches them from the served
/// site), answered at once; the lessons' added latency is what the virtual clock measures.
#[cfg(not(target_arch = "wasm32"))]
pub struct SiteFiles;

#[cfg(not(target_arch = "wasm32"))]
impl super::event_loop::Fetch for SiteFiles {
    fn get(&self, url: &str) -> futures::future::LocalBoxFuture<'static, Result<super::event_loop::FetchResponse, String>> {
        use futures::FutureExt;
        let path = url.split(['?', '#']).next().unwrap_or("").trim_start_matches('/');
        let safe = !path.split('/').any(|s| s == "..");
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www").join(path);
        let response = match std::fs::read_to_string(&file) {
            Ok(text) if safe => super::event_loop::FetchResponse { status: 200, text },
            _ => super::event_loop::FetchResponse { status: 404, text: "not found\n".into() },
        };
        futures::future::ready(Ok(response)).boxed_local()
    }
}

/// Runs `lesson` natively with `values` and the variant `variant` (which must exist), the way the
/// page runs it: its listing on the interpreter where [`super::lessons::runs_its_listing`], else
/// its scenario.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_native(lesson: &Lesson, values: &Values, variant: &str) -> Report {
    run_native_as(lesson, values, variant, super::lessons::runs_its_listing(lesson))
}

/// Runs the lesson's hand-written scenario natively, even where the page runs its listing: the
/// yardstick the interpreted listing is held to until the scenario is retired.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_native_scenario(lesson: &Lesson, values: &Values, variant: &str) -> Report {
    run_native_as(lesson, values, variant, false)
}

/// Runs the lesson's listing on the interpreter natively, even where the page still runs its
/// scenario: to see whether the listing could take the scenario's place.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_native_listing(lesson: &Lesson, values: &Values, variant: &str) -> Report {
    run_native_as(lesson, values, variant, true)
}

#[cfg(not(target_arch = "wasm32"))]
fn run_native_as(lesson: &Lesson, values: &Values, variant: &str, interpreted: bool) -> Report {
    use super::event_loop::{run_virtual, Ending};
    use super::threads::{NativeThreads, Rt};
    use super::trace::recording_sink;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    let variant: &'static str = lesson.variant(variant).map(|v| v.key).unwrap_or("");
    let env = native_env();
    let (sink, trace) = recording_sink();
    let (outcome, elapsed_ms) = match lesson.engine {
        Engine::EventLoop(main) if !interpreted => {
            let v = values.clone();
            let (ending, result) = run_virtual(sink, move |lp| {
                lp.set_fetch(std::rc::Rc::new(SiteFiles));
                main(lp, v, variant)
            });
            match ending {
                Ending::Finished { elapsed_ms } => {
                    let outcome = match result {
                        Some(Err(e)) => Outcome::Error(e),
                        _ => Outcome::Done,
                    };
                    (outcome, elapsed_ms)
                }
                Ending::Deadlock { at_ms, waiting } => (Outcome::Deadlock { at_ms, waiting }, at_ms),
            }
        }
        Engine::Python | Engine::EventLoop(_) => {
            let host = super::interpreted::Host { clock: std::rc::Rc::new(super::event_loop::VirtualClock::default()), fetch: Some(std::rc::Rc::new(SiteFiles)) };
            futures::executor::block_on(super::interpreted::run_listing(lesson, values, variant, host, sink, Arc::new(AtomicBool::new(false))))
        }
        Engine::Threads { main, gil } => {
            let rt = Rt::new(NativeThreads::new(), sink, Arc::new(AtomicBool::new(false)), gil);
            // Thread code that starts processes (the GIL lesson's processes arm) gets them on a
            // helper thread, as the page starts them on its main thread.
            rt.set_process_bridge(Arc::new(|req| {
                std::thread::spawn(move || {
                    let host = super::process::native::NativeHost::new(req.stop.clone(), super::lessons::target);
                    futures::executor::block_on(super::process::serve_pool_request(host, req));
                });
            }));
            let (tx, rx) = std::sync::mpsc::channel();
            let v = values.clone();
            rt.run_main(move |th| main(th, &v, variant), move |r, ms| {
                let _ = tx.send((r, ms));
            });
            match rx.recv() {
                Ok((Ok(()), ms)) => (Outcome::Done, ms),
                Ok((Err(e), ms)) => (Outcome::Error(e), ms),
                Err(_) => (Outcome::Error(RunError::Stopped), 0.0),
            }
        }
        Engine::Processes(main) => {
            use super::process::{native::NativeHost, run};
            let host = NativeHost::new(Arc::new(AtomicBool::new(false)), super::lessons::target);
            let (_control, fut) = run(host, sink, main, values.clone(), variant);
            match futures::executor::block_on(fut) {
                (Ok(()), ms) => (Outcome::Done, ms),
                (Err(e), ms) => (Outcome::Error(e), ms),
            }
        }
    };
    let mut trace = trace.lock().unwrap_or_else(|p| p.into_inner()).clone();
    trace.close_open(elapsed_ms);
    let predicted_ms = trace.predicted_ms.or_else(|| (lesson.predict)(values, variant, &env));
    Report { trace, outcome, elapsed_ms, predicted_ms }
}
