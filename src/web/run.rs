//! Starting a lesson's run in the page, streaming what it reports, and stopping it.
//!
//! Both engines report through one unbounded channel: trace events as they happen, then the end.
//! The page drains the channel in batches (one render per batch, at most one batch per frame),
//! so ten thousand tasks printing at once cost one repaint, not ten thousand.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use futures::channel::mpsc;
use futures::future::{AbortHandle, Abortable};
use futures::StreamExt;
use wasm_bindgen_futures::spawn_local;

use std::rc::Rc;

use crate::core::event_loop::{drive, Clock, Ending, Loop};
use crate::core::{interpreted, lessons};
use crate::core::lesson::{render_listing, Engine, Lesson, RunError, Values};
use crate::core::process::{self, RunControl};
use crate::core::runner::Outcome;
use crate::core::threads::{PoolRequest, Rt};
use crate::core::trace::{Event, Sink};

use super::platform::{self, BrowserClock};

/// The shortest and longest pause between two repaints while a run streams in.
const MIN_PAUSE_MS: f64 = 16.0;
const MAX_PAUSE_MS: f64 = 500.0;

/// What a run sends to the page.
pub enum Update {
    Event(Event),
    End { outcome: Outcome, elapsed_ms: f64 },
}

/// Stops a run: aborts the event-loop driver (its tasks are dropped at once), or raises the stop
/// flag every blocking call of the thread engine checks.
pub struct RunHandle {
    abort: AbortHandle,
    stop: Arc<AtomicBool>,
    processes: Option<RunControl>,
}

impl RunHandle {
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        // Processes are terminated at once, whatever they were doing.
        if let Some(p) = &self.processes {
            p.stop();
        }
        self.abort.abort();
    }
}

/// Starts `lesson`, or `program` (the learner's edit of its listing) in its place; `on_batch`
/// receives the updates in order, batched.
pub fn start(lesson: &'static Lesson, values: Values, variant: &'static str, workers: usize, program: Option<String>, on_batch: impl Fn(Vec<Update>) + 'static) -> RunHandle {
    let (tx, mut rx) = mpsc::unbounded::<Update>();
    let events = tx.clone();
    let sink: Sink = Arc::new(move |e| {
        let _ = events.unbounded_send(Update::Event(e));
    });
    let (abort, registration) = AbortHandle::new_pair();
    let stop = Arc::new(AtomicBool::new(false));
    let mut processes = None;

    match lesson.engine {
        Engine::EventLoop(main) if !lessons::runs_its_listing(lesson) => {
            let tx = tx.clone();
            spawn_local(async move {
                let lp = Loop::new(sink);
                lp.set_fetch(std::rc::Rc::new(platform::BrowserFetch));
                let handle = lp.spawn_main(main(lp.clone(), values, variant));
                let driven = Abortable::new(async { drive(&lp, &BrowserClock).await }, registration).await;
                let (outcome, elapsed_ms) = match driven {
                    Ok(Ending::Finished { elapsed_ms }) => match handle.await {
                        Ok(Err(e)) => (Outcome::Error(e), elapsed_ms),
                        _ => (Outcome::Done, elapsed_ms),
                    },
                    Ok(Ending::Deadlock { at_ms, waiting }) => (Outcome::Deadlock { at_ms, waiting }, at_ms),
                    Err(_) => (Outcome::Error(RunError::Stopped), lp.now()),
                };
                let _ = tx.unbounded_send(Update::End { outcome, elapsed_ms });
            });
        }
        // The lesson's own Python, on the interpreter, on the page's loop. Stop both raises the
        // flag the VM checks at every time slice and drops the run at its next await.
        Engine::Python | Engine::EventLoop(_) => {
            let tx = tx.clone();
            let stop = stop.clone();
            let source = program.unwrap_or_else(|| render_listing(lesson, variant, &values));
            spawn_local(async move {
                let clock: Rc<dyn Clock> = Rc::new(BrowserClock);
                let t0 = clock.now_ms();
                let file = interpreted::file_name(lesson);
                let host = interpreted::Host { clock: clock.clone(), fetch: Some(Rc::new(platform::BrowserFetch)) };
                let run = interpreted::run_source(&source, &file, host, sink, stop);
                let (outcome, elapsed_ms) = match Abortable::new(run, registration).await {
                    Ok(ended) => ended,
                    Err(_) => (Outcome::Error(RunError::Stopped), clock.now_ms() - t0),
                };
                let _ = tx.unbounded_send(Update::End { outcome, elapsed_ms });
            });
        }
        Engine::Threads { main, gil } => {
            let rt = Rt::new(platform::threads(workers), sink, stop.clone(), gil);
            // Threads may start process pools (the GIL lesson's processes arm). Workers are
            // started from the page's main thread, so requests come here and are served there.
            let (requests, mut incoming) = mpsc::unbounded::<PoolRequest>();
            spawn_local(async move {
                while let Some(req) = incoming.next().await {
                    spawn_local(process::serve_pool_request(std::rc::Rc::new(super::process::WebHost), req));
                }
            });
            rt.set_process_bridge(Arc::new(move |req| {
                let _ = requests.unbounded_send(req);
            }));
            let tx = tx.clone();
            // The lesson's MainThread is itself a worker: Python's main thread blocks in join()
            // and result(), and the page's main thread must never block.
            rt.run_main(move |th| main(th, &values, variant), move |r, elapsed_ms| {
                let outcome = match r {
                    Ok(()) => Outcome::Done,
                    Err(e) => Outcome::Error(e),
                };
                let _ = tx.unbounded_send(Update::End { outcome, elapsed_ms });
            });
        }
        Engine::Processes(main) => {
            let (control, run) = process::run(std::rc::Rc::new(super::process::WebHost), sink, main, values, variant);
            processes = Some(control);
            let tx = tx.clone();
            spawn_local(async move {
                let (outcome, elapsed_ms) = match Abortable::new(run, registration).await {
                    Ok((Ok(()), ms)) => (Outcome::Done, ms),
                    Ok((Err(e), ms)) => (Outcome::Error(e), ms),
                    Err(_) => (Outcome::Error(RunError::Stopped), 0.0),
                };
                let _ = tx.unbounded_send(Update::End { outcome, elapsed_ms });
            });
        }
    }
    drop(tx);

    spawn_local(async move {
        let mut pause_ms = MIN_PAUSE_MS;
        while let Some(first) = rx.next().await {
            let mut batch = vec![first];
            while let Ok(u) = rx.try_recv() {
                batch.push(u);
            }
            let ended = batch.iter().any(|u| matches!(u, Update::End { .. }));
            let t0 = platform::now_ms();
            on_batch(batch);
            if ended {
                break;
            }
            // Let more updates gather before the next repaint. Drawing shares the page's main
            // thread with everything else, and on a machine with few cores it competes with the
            // workers being measured: so wait nine times as long as the last batch cost (its
            // update, and the render and paint that delay the timer), keeping drawing to about a
            // tenth of one core. A cheap page (a few lines of output) still repaints every frame
            // or two; a timeline of a thousand GIL hand-overs, which takes tens of milliseconds to
            // draw, repaints a few times a second. (At a fifth of a core, the free-threaded arm of
            // gil-fib-compare lost a fifth of one of its two threads to drawing: 1.6x, not 1.8x.)
            let sync_ms = platform::now_ms() - t0;
            gloo_timers::future::TimeoutFuture::new(pause_ms as u32).await;
            let late_ms = (platform::now_ms() - t0 - sync_ms - pause_ms).max(0.0);
            pause_ms = (9.0 * (sync_ms + late_ms)).clamp(MIN_PAUSE_MS, MAX_PAUSE_MS);
        }
    });
    RunHandle { abort, stop, processes }
}

/// How the model of an edited program came out.
pub enum ModelResult {
    /// Its time on the virtual clock.
    Ms(f64),
    /// It was still computing after [`model_budget_ms`] of real time: on the virtual clock a loop
    /// that waits for the clock to move (`while time.time() < end`) never ends.
    GaveUp { budget_ms: f64 },
}

/// Stops a model that is still computing when it is dropped (a new run, another lesson, Stop).
pub struct ModelHandle {
    abort: AbortHandle,
    stop: Arc<AtomicBool>,
}

impl Drop for ModelHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.abort.abort();
    }
}

/// The real time a model may compute: its computing is the real run's over again, so a little more
/// than the run took, and never less than a few seconds.
pub fn model_budget_ms(measured_ms: f64) -> f64 {
    (2.0 * measured_ms).max(5000.0)
}

/// Runs the model of `source`, the learner's program that just ran for `measured_ms`: the same
/// program on a virtual clock (see `core::model_clock`), on the page's loop after the run itself,
/// so that the two never compete for the main thread. `on_done` gets the result, unless the
/// handle is dropped first.
pub fn start_model(lesson: &'static Lesson, source: String, measured_ms: f64, on_done: impl FnOnce(ModelResult) + 'static) -> ModelHandle {
    let (abort, registration) = AbortHandle::new_pair();
    let stop = Arc::new(AtomicBool::new(false));
    let budget_ms = model_budget_ms(measured_ms);
    let model_stop = stop.clone();
    spawn_local(async move {
        let file = interpreted::file_name(lesson);
        let host: Rc<dyn Clock> = Rc::new(BrowserClock);
        let model = interpreted::model_ms(&source, &file, host, Some(Rc::new(platform::BrowserFetch)), model_stop.clone());
        let deadline = gloo_timers::future::TimeoutFuture::new(budget_ms as u32);
        let raced = Abortable::new(futures::future::select(Box::pin(model), deadline), registration).await;
        match raced {
            Ok(futures::future::Either::Left((Some(ms), _))) => on_done(ModelResult::Ms(ms)),
            Ok(futures::future::Either::Right(((), model))) => {
                // The model is dropped here, at its next await; the flag ends it at its next
                // slice if it is computing.
                model_stop.store(true, Ordering::Relaxed);
                drop(model);
                on_done(ModelResult::GaveUp { budget_ms })
            }
            // Stopped or aborted: nobody is waiting for it any more.
            Ok(futures::future::Either::Left((None, _))) | Err(_) => {}
        }
    });
    ModelHandle { abort, stop }
}
