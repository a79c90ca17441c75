//! The process lessons natively: every process an OS thread that shares nothing but encoded
//! messages and explicit shared segments. Results, ordering guarantees, pids and lanes, lost
//! updates without a lock, and the timing shape (elapsed follows the model, plus start-up).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;


use concurrency_playground::core::lesson::RunError;
use concurrency_playground::core::runner::Outcome;
use concurrency_playground::core::trace::SpanKind;






#[test]
fn pool_map_keeps_input_order_in_waves() {
    let r = run("pool-map-square", &[("delay", "0.2")], "");
    assert_eq!(r.trace.texts(), ["[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]", "100"]);
    // Three waves of 0.2 s for map, one more for apply_async.
    assert_eq!(r.predicted_ms, Some(800.0));
    assert_timing(&r, 400.0);
    let list_at = r.trace.lines[0].t;
    assert!((600.0..900.0).contains(&list_at), "map's list after three waves, got {list_at}");
    // Two pools of four: eight worker processes, each with a pid of its own.
    let lanes = process_lanes(&r);
    assert_eq!(lanes.len(), 5, "4 map workers plus the apply_async worker that ran: {lanes:?}");
    let startups = r.trace.spans.iter().filter(|s| s.label == "start-up").count();
    assert_eq!(startups, 8, "every worker's start-up is on the timeline");
    // No more than four squares ever ran at once.
    let mut edges: Vec<(f64, i32)> = r.trace.spans_of(SpanKind::Task).filter(|s| s.label.starts_with("square(")).flat_map(|s| [(s.start, 1), (s.end.unwrap(), -1)]).collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut max) = (0, 0);
    for (_, d) in edges {
        now += d;
        max = max.max(now);
    }
    assert_eq!(max, 4);
}

#[test]
fn pool_map_follows_the_pool_size() {
    let r = run("pool-map-square", &[("processes", "2"), ("tasks", "5"), ("delay", "0.1")], "");
    assert_eq!(r.trace.texts(), ["[0, 1, 4, 9, 16]", "100"]);
    assert_eq!(r.predicted_ms, Some(400.0), "ceil(5 / 2) waves, then one");
    assert_timing(&r, 300.0);
}

#[test]
fn the_published_typo_is_a_syntax_error() {
    let r = run_any("pool-map-square", &[], "typo");
    assert!(matches!(&r.outcome, Outcome::Error(RunError::Py { kind, .. }) if kind == "SyntaxError"), "{:?}", r.outcome);
    assert!(r.trace.lines.is_empty(), "nothing runs");
}
