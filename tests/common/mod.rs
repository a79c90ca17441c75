//! Helpers the native process-lesson tests share: running a lesson with parameters, one run at a
//! time, and the timing check. Each test file uses some of them, hence `allow(dead_code)`.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::Mutex;

use concurrency_playground::core::lesson::parse_values;
use concurrency_playground::core::lessons;
use concurrency_playground::core::runner::{run_native, Outcome, Report};
use concurrency_playground::core::trace::SpanKind;

/// Processes measure wall time; two runs at once on a 2-core machine would distort the shapes.
static TURN: Mutex<()> = Mutex::new(());

/// Runs a lesson natively with `params` (which must be valid) and `variant`, however it ends.
pub fn run_any(id: &str, params: &[(&str, &str)], variant: &str) -> Report {
    let lesson = lessons::find(id).unwrap_or_else(|| panic!("no lesson {id}"));
    assert!(lesson.variant(variant).is_some(), "{id} has no variant {variant:?}");
    let raw: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let (values, problems) = parse_values(lesson, &raw);
    assert!(problems.is_empty(), "{id}: {problems:?}");
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    run_native(lesson, &values, variant)
}

/// Like [`run_any`], for runs that must end normally.
pub fn run(id: &str, params: &[(&str, &str)], variant: &str) -> Report {
    let r = run_any(id, params, variant);
    assert_eq!(r.outcome, Outcome::Done, "{id} {variant}: {:?}", r.trace.texts());
    r
}

/// Lanes of child processes that ran something (task bars), by name.
pub fn process_lanes(r: &Report) -> BTreeSet<String> {
    r.trace.spans_of(SpanKind::Task).map(|s| s.lane.clone()).filter(|l| !l.starts_with("MainProcess")).collect()
}

/// Elapsed follows the model: never faster, and late by no more than start-up and scheduling.
pub fn assert_timing(r: &Report, slack_ms: f64) {
    let predicted = r.predicted_ms.expect("a prediction");
    assert!(r.elapsed_ms >= predicted - 1.0, "elapsed {} before the model's {}", r.elapsed_ms, predicted);
    assert!(r.elapsed_ms <= predicted + slack_ms, "elapsed {} far past the model's {}", r.elapsed_ms, predicted);
}
