//! The event loop's own guarantees, natively on the virtual clock: how `Task.cancel()` reaches a
//! task, in whose step and on whose lane; and what `gather` gives back, and when.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::{Arc, Mutex};

use concurrency_playground::core::event_loop::{gather, gather_raising, run_virtual, Loop, TaskHandle};
use concurrency_playground::core::lesson::RunError;
use concurrency_playground::core::trace::{Event, Sink};
use futures::FutureExt;

/// Runs `main` and returns every printed line as (time, lane, text).
fn printed(main: impl FnOnce(Loop) -> futures::future::LocalBoxFuture<'static, ()>) -> Vec<(f64, String, String)> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let l = lines.clone();
    let sink: Sink = Arc::new(move |e| {
        if let Event::Output { t, lane, text } = e {
            l.lock().unwrap().push((t, lane, text));
        }
    });
    run_virtual(sink, main);
    let out = lines.lock().unwrap().clone();
    out
}

/// What a cancelled task does on the way out, like an `except CancelledError:` block: prints its
/// line if it is dropped while still armed (`Some`).
struct OnCancel(Loop, Option<String>);

impl Drop for OnCancel {
    fn drop(&mut self) {
        if let Some(text) = self.1.take() {
            self.0.print(text);
        }
    }
}

/// A task named `name` that sleeps 10 s and prints "`name`: finished", or, if it is cancelled
/// first, "`name`: cancelled".
fn sleeper(lp: &Loop, name: &'static str) -> TaskHandle<()> {
    let inner = lp.clone();
    lp.spawn(name, async move {
        let mut except = OnCancel(inner.clone(), Some(format!("{name}: cancelled")));
        inner.sleep(10.0).await;
        except.1 = None;
        inner.print(format!("{name}: finished"));
    })
}

fn line(t: f64, lane: &str, text: &str) -> (f64, String, String) {
    (t, lane.to_string(), text.to_string())
}

#[test]
fn a_cancelled_task_handles_it_in_its_own_next_step_after_the_canceller_s_step() {
    let lines = printed(|lp| {
        async move {
            let task = sleeper(&lp, "worker");
            lp.sleep(1.0).await;
            task.cancel();
            // asyncio only requests the cancellation: the rest of this step runs first.
            lp.print("main: cancel requested");
            let result = task.await;
            lp.print(if result.is_err() { "main: the task was cancelled" } else { "main: the task finished" });
        }
        .boxed_local()
    });
    assert_eq!(
        lines,
        vec![
            line(1000.0, "main", "main: cancel requested"),
            line(1000.0, "worker", "worker: cancelled"),
            line(1000.0, "main", "main: the task was cancelled"),
        ]
    );
}

#[test]
fn cancelling_twice_or_after_the_end_changes_nothing() {
    let lines = printed(|lp| {
        async move {
            let inner = lp.clone();
            let quick = lp.spawn("quick", async move {
                inner.sleep(0.5).await;
                inner.print("quick: done");
                7
            });
            let slow = sleeper(&lp, "slow");
            lp.sleep(1.0).await;
            quick.cancel();
            slow.cancel();
            slow.cancel();
            let (q, s) = (quick.await, slow.await);
            lp.print(format!("main: quick {:?}, slow cancelled {}", q.ok(), s.is_err()));
        }
        .boxed_local()
    });
    assert_eq!(
        lines,
        vec![
            line(500.0, "quick", "quick: done"),
            line(1000.0, "slow", "slow: cancelled"),
            line(1000.0, "main", "main: quick Some(7), slow cancelled true"),
        ]
    );
}

#[test]
fn tasks_still_pending_when_main_returns_are_cancelled_on_their_own_lanes() {
    let lines = printed(|lp| {
        async move {
            let _forgotten = sleeper(&lp, "forgotten");
            lp.sleep(2.0).await;
            lp.print("main: returning");
        }
        .boxed_local()
    });
    assert_eq!(lines, vec![line(2000.0, "main", "main: returning"), line(2000.0, "forgotten", "forgotten: cancelled")]);
}

/// A task that sleeps `secs` and then returns `value`, or raises `ValueError(value)` if `raise`.
fn job(lp: &Loop, name: &str, secs: f64, value: u32, raise: bool) -> TaskHandle<Result<u32, RunError>> {
    let inner = lp.clone();
    let name = name.to_string();
    lp.spawn(name.clone(), async move {
        inner.sleep(secs).await;
        inner.print(format!("{name} ends"));
        if raise {
            Err(RunError::py("ValueError", value.to_string()))
        } else {
            Ok(value)
        }
    })
}

#[test]
fn gather_gives_results_in_argument_order_whatever_order_the_tasks_end_in() {
    let lines = printed(|lp| {
        async move {
            let tasks = vec![job(&lp, "slow", 2.0, 1, false), job(&lp, "quick", 0.5, 2, false), job(&lp, "middle", 1.0, 3, false)];
            let results: Vec<u32> = gather(tasks).await.into_iter().map(|r| r.unwrap().unwrap()).collect();
            lp.print(format!("{results:?}"));
        }
        .boxed_local()
    });
    let texts: Vec<(f64, &str)> = lines.iter().map(|(t, _, s)| (*t, s.as_str())).collect();
    assert_eq!(texts, vec![(500.0, "quick ends"), (1000.0, "middle ends"), (2000.0, "slow ends"), (2000.0, "[1, 2, 3]")]);
}

#[test]
fn without_return_exceptions_the_first_exception_in_time_leaves_gather_at_once() {
    let lines = printed(|lp| {
        async move {
            // The first argument raises last; the third raises first, at 0.5 s.
            let tasks = vec![job(&lp, "first", 2.0, 1, true), job(&lp, "second", 1.0, 2, false), job(&lp, "third", 0.5, 3, true)];
            match gather_raising(tasks).await {
                Ok(v) => lp.print(format!("results {v:?}")),
                Err(RunError::Py { kind, message }) => lp.print(format!("caught {kind}: {message}")),
                Err(e) => lp.print(format!("other error {e:?}")),
            }
            // The other tasks were not cancelled: they run on while main waits on something else.
            lp.sleep(3.0).await;
        }
        .boxed_local()
    });
    let texts: Vec<(f64, &str)> = lines.iter().map(|(t, _, s)| (*t, s.as_str())).collect();
    assert_eq!(
        texts,
        vec![(500.0, "third ends"), (500.0, "caught ValueError: 3"), (1000.0, "second ends"), (2000.0, "first ends")]
    );

    // With no exception, the results come back in argument order.
    let lines = printed(|lp| {
        async move {
            let tasks = vec![job(&lp, "a", 1.0, 1, false), job(&lp, "b", 0.5, 2, false)];
            let v = gather_raising(tasks).await.ok();
            lp.print(format!("{v:?}"));
        }
        .boxed_local()
    });
    assert_eq!(lines.last().map(|(t, _, s)| (*t, s.as_str())), Some((1000.0, "Some([1, 2])")));
}
