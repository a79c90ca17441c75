//! The browser tier: the core's engines on the page's real event loop and Web Worker pool, in
//! headless Chromium (`cargo test --target wasm32-unknown-unknown --test web`).
#![cfg(target_arch = "wasm32")]

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use concurrency_playground::core::event_loop::{drive, gather, Ending, Loop};
use concurrency_playground::core::threads::{Rt, ThreadPoolExecutor};
use concurrency_playground::core::trace::{recording_sink, SpanKind};
use concurrency_playground::web::platform::{self, BrowserClock};
use futures::channel::oneshot;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Five concurrent 200 ms sleeps on the real loop take 200 ms, not 1 s: the timing shape of
/// asyncio.gather, measured with the page's clock.
#[wasm_bindgen_test]
async fn concurrent_sleeps_overlap_on_the_real_loop() {
    let (sink, trace) = recording_sink();
    let lp = Loop::new(sink);
    let lp2 = lp.clone();
    lp.spawn_main(async move {
        let tasks = (0..5).map(|i| {
            let l = lp2.clone();
            lp2.spawn(format!("t{i}"), async move { l.sleep(0.2).await; i })
        }).collect();
        let got: Vec<i32> = gather(tasks).await.into_iter().map(|r| r.unwrap()).collect();
        assert_eq!(got, vec![0, 1, 2, 3, 4]);
    });
    let start = platform::now_ms();
    let ending = drive(&lp, &BrowserClock).await;
    let wall = platform::now_ms() - start;
    let Ending::Finished { elapsed_ms } = ending else { panic!("{ending:?}") };
    assert!((200.0..260.0).contains(&elapsed_ms), "loop time {elapsed_ms}");
    assert!((200.0..300.0).contains(&wall), "wall time {wall}");
    assert_eq!(trace.lock().unwrap().spans_of(SpanKind::Wait).count(), 5);
}

/// A blocking call freezes the lesson's loop: the ticker is silent for its whole duration.
#[wasm_bindgen_test]
async fn a_blocking_call_freezes_the_loop_not_the_page() {
    let (sink, trace) = recording_sink();
    let lp = Loop::new(sink);
    let lp2 = lp.clone();
    lp.spawn_main(async move {
        let l = lp2.clone();
        let ticker = lp2.spawn("ticker", async move {
            loop {
                l.sleep(0.05).await;
                l.print("tick");
            }
        });
        lp2.sleep(0.2).await;
        lp2.block(0.3).await;
        ticker.cancel();
    });
    let Ending::Finished { elapsed_ms } = drive(&lp, &BrowserClock).await else { panic!() };
    assert!(elapsed_ms >= 500.0 && elapsed_ms < 600.0, "{elapsed_ms}");
    let tr = trace.lock().unwrap();
    let ticks: Vec<f64> = tr.lines.iter().map(|l| l.t).collect();
    assert!(ticks.len() >= 3, "{ticks:?}");
    assert!(ticks.iter().all(|t| *t < 210.0 || *t >= 500.0), "ticks while blocked: {ticks:?}");
}

/// A pool of four real worker threads runs exactly four sleeps at once on the Web Worker pool,
/// whatever the machine's core count.
#[wasm_bindgen_test]
async fn a_pool_of_four_runs_four_at_once_on_web_workers() {
    let workers = platform::start_pool().await.expect("the test runner serves COOP/COEP");
    let (sink, trace) = recording_sink();
    let rt = Rt::new(platform::threads(workers), sink, Arc::new(AtomicBool::new(false)), true);
    let (tx, rx) = oneshot::channel();
    let tx = Mutex::new(Some(tx));
    rt.run_main(
        |th| {
            let mut ex = ThreadPoolExecutor::new(th.rt(), 4, "P")?;
            let out = ex.map(th, (0..8u64).collect(), |x| format!("{x}"), |t, x| { t.sleep(0.1)?; Ok(x * x) })?;
            ex.shutdown(th)?;
            assert_eq!(out, vec![0, 1, 4, 9, 16, 25, 36, 49]);
            Ok(())
        },
        move |r, ms| {
            if let Some(tx) = tx.lock().unwrap().take() {
                let _ = tx.send((r, ms));
            }
        },
    );
    let (r, ms) = rx.await.expect("the main thread reports back");
    assert_eq!(r, Ok(()));
    assert!(ms >= 200.0 && ms < 600.0, "two waves of 100 ms took {ms}");
    let tr = trace.lock().unwrap();
    assert_eq!(tr.lanes.iter().filter(|l| l.starts_with("P_")).count(), 4);
}
