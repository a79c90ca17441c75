//! The pool lessons natively: `Pool` with `with` and with `close()`/`join()`, `ProcessPoolExecutor`
//! with `map` (input order) and with `submit` + `as_completed` (completion order, read from the
//! trace), the published defects (a local function that cannot reach a process, a 'factorial'
//! that is not one), and the timing shape (waves of sleeps, plus process start-up).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;

use std::collections::{BTreeMap, BTreeSet};

use concurrency_playground::core::lesson::{parse_values, RunError};
use concurrency_playground::core::lessons;
use concurrency_playground::core::lessons::processes_pools::process_pool_batches::factorial;
use concurrency_playground::core::runner::{Outcome, Report};
use concurrency_playground::core::trace::{Span, SpanKind};





/// The model's prediction, to the float rounding of seconds times 1000.
fn assert_predicted(r: &Report, ms: f64, why: &str) {
    let p = r.predicted_ms.expect("a prediction");
    assert!((p - ms).abs() < 1e-6, "predicted {p}, expected {ms}: {why}");
}

/// The exception a run ended with.
fn exception(r: &Report) -> (String, String) {
    match &r.outcome {
        Outcome::Error(RunError::Py { kind, message }) => (kind.clone(), message.clone()),
        other => panic!("expected a Python exception, got {other:?} {:?}", r.trace.texts()),
    }
}

/// Task bars whose label starts with `prefix` (the pool jobs of a lesson).
fn jobs<'a>(r: &'a Report, prefix: &'a str) -> Vec<&'a Span> {
    r.trace.spans_of(SpanKind::Task).filter(|s| s.label.starts_with(prefix)).collect()
}

/// The largest number of these bars open at once.
fn max_concurrent(spans: &[&Span]) -> usize {
    let mut edges: Vec<(f64, i32)> = spans.iter().flat_map(|s| [(s.start, 1), (s.end.unwrap_or(f64::MAX), -1)]).collect();
    // Ends before starts at the same instant: a job that finishes lets the next one in.
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut max) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        max = max.max(now);
    }
    max as usize
}

/// The pid in a lane name, `SpawnProcess-2 · pid 1002`.
fn pid_of_lane(lane: &str) -> u32 {
    lane.rsplit("pid ").next().and_then(|p| p.trim().parse().ok()).unwrap_or_else(|| panic!("no pid in lane {lane}"))
}

/// `as_completed` order: each line of `done` (in printed order, each with the label of the job it
/// reports) came after its job's bar ended, and the jobs' end times do not go backwards. Ends are
/// stamped by different processes, so two jobs finishing within `tol_ms` may arrive either way.
fn assert_completion_order(r: &Report, done: &[(f64, String)], tol_ms: f64) {
    let mut last_end = f64::MIN;
    for (t, label) in done {
        let span = r.trace.spans_of(SpanKind::Task).find(|s| &s.label == label).unwrap_or_else(|| panic!("no job {label}"));
        let end = span.end.expect("the job ended");
        assert!(*t >= end - 0.01, "{label}: reported at {t} before it ended at {end}");
        assert!(end >= last_end - tol_ms, "{label} ended at {end}, before the job reported earlier ({last_end})");
        last_end = last_end.max(end);
    }
}

fn py_list(xs: &[u64]) -> String {
    format!("[{}]", xs.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))
}

fn squares(n: u64) -> String {
    py_list(&(1..=n).map(|x| x * x).collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------------------------
// pool-map-square-with

#[test]
fn pool_with_maps_in_input_order_in_waves() {
    let r = run("pool-map-square-with", &[("delay", "0.2")], "");
    assert_eq!(r.trace.texts(), ["[1, 4, 9, 16, 25]"]);
    assert_predicted(&r, 400.0, "ceil(5 / 4) = 2 waves of 0.2 s");
    assert_timing(&r, 400.0);
    let squares_run = jobs(&r, "square(");
    assert_eq!(squares_run.len(), 5, "one job per item");
    assert_eq!(max_concurrent(&squares_run), 4, "never more than the pool's four workers at once");
    // map blocks until every result is back: the list comes after the last job ended.
    let last_end = squares_run.iter().filter_map(|s| s.end).fold(0.0, f64::max);
    let list_at = r.trace.lines[0].t;
    assert!(list_at >= last_end - 0.01 && list_at >= 400.0 - 1.0, "list at {list_at}, last job ended at {last_end}");
    // The fifth item waited for a free worker: it started only once the first wave ended.
    let fifth = squares_run.iter().find(|s| s.label == "square(5)").expect("square(5)");
    assert!(fifth.start >= 200.0 - 1.0, "square(5) started at {}", fifth.start);

    let r = run("pool-map-square-with", &[("processes", "3"), ("items", "7"), ("delay", "0.1")], "");
    assert_eq!(r.trace.texts(), [squares(7)]);
    assert_predicted(&r, 300.0, "ceil(7 / 3) waves");
    assert_timing(&r, 400.0);
    assert_eq!(max_concurrent(&jobs(&r, "square(")), 3);
}

#[test]
fn pool_with_terminates_so_a_later_map_fails() {
    let r = run_any("pool-map-square-with", &[("delay", "0.1")], "after-with");
    assert_eq!(exception(&r), ("ValueError".into(), "Pool not running".into()));
    assert_eq!(r.trace.texts(), ["[1, 4, 9, 16, 25]"], "the list inside the block, nothing after it");
    assert!(jobs(&r, "square(6)").is_empty(), "nothing reached a worker after the block");
    assert_timing(&r, 400.0);
}

// ---------------------------------------------------------------------------------------------
// pool-map-close-join

#[test]
fn pool_close_join_maps_then_waits_for_the_workers() {
    let r = run("pool-map-close-join", &[("delay", "0.2")], "");
    assert_eq!(r.trace.texts(), ["[1, 4, 9, 16, 25]"]);
    assert_predicted(&r, 400.0, "");
    assert_timing(&r, 400.0);
    let squares_run = jobs(&r, "square(");
    assert_eq!(squares_run.len(), 5);
    assert_eq!(max_concurrent(&squares_run), 4);
    // join() returned only after the list: the run ends after it.
    assert!(r.elapsed_ms >= r.trace.lines[0].t);

    let r = run("pool-map-close-join", &[("processes", "2"), ("items", "5"), ("delay", "0.1")], "");
    assert_eq!(r.trace.texts(), [squares(5)]);
    assert_predicted(&r, 300.0, "ceil(5 / 2) waves");
    assert_timing(&r, 400.0);
    let squares_run = jobs(&r, "square(");
    assert_eq!(max_concurrent(&squares_run), 2);
    let lanes: BTreeSet<&str> = squares_run.iter().map(|s| s.lane.as_str()).collect();
    assert!(lanes.len() <= 2 && lanes.iter().all(|l| l.starts_with("SpawnPoolWorker-")), "{lanes:?}");
}

#[test]
fn pool_refuses_work_after_close() {
    let r = run_any("pool-map-close-join", &[("delay", "0.1")], "map-after-close");
    assert_eq!(exception(&r), ("ValueError".into(), "Pool not running".into()));
    assert_eq!(r.trace.texts(), ["[1, 4, 9, 16, 25]"]);
    assert!(jobs(&r, "square(6)").is_empty());
    assert_timing(&r, 400.0);
}

// ---------------------------------------------------------------------------------------------
// fib-process-pool

/// Fibonacci the other way round, to check the lesson's recursive one.
fn fib_iter(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a + b);
    }
    a
}

/// The `进程 <pid> 处理任务 n` lines: n → pid.
fn task_lines(texts: &[&str]) -> BTreeMap<u64, u32> {
    let mut out = BTreeMap::new();
    for t in texts {
        if let Some(rest) = t.strip_prefix("进程 ") {
            let (pid, n) = rest.split_once(" 处理任务 ").unwrap_or_else(|| panic!("{t}"));
            let n: u64 = n.parse().unwrap();
            assert!(out.insert(n, pid.parse().unwrap()).is_none(), "task {n} ran twice");
        }
    }
    out
}

#[test]
fn process_pool_map_computes_fibonacci_in_input_order() {
    let r = run("fib-process-pool", &[], "");
    let texts = r.trace.texts();
    assert_eq!(texts.len(), 9, "{texts:?}");
    assert_eq!(texts[0], "=== 进程池基础操作 ===");
    let tasks = task_lines(&texts[1..5]);
    assert_eq!(tasks.keys().copied().collect::<Vec<_>>(), [10, 11, 12, 13], "every input ran once, in any order");
    let expected: Vec<String> = (10..14).map(|n| format!("斐波那契({n}) = {}", fib_iter(n))).collect();
    assert_eq!(texts[5..], expected.iter().map(String::as_str).collect::<Vec<_>>(), "results in input order");
    assert_eq!(expected[0], "斐波那契(10) = 55");
    assert_eq!(expected[3], "斐波那契(13) = 233");

    // The pids printed are those of the worker processes that ran the jobs, at most two of them.
    let spans = jobs(&r, "cpu_intensive_task(");
    assert_eq!(spans.len(), 4);
    let pids: BTreeSet<u32> = tasks.values().copied().collect();
    assert!(!pids.is_empty() && pids.len() <= 2, "{pids:?}");
    for (n, pid) in &tasks {
        let span = spans.iter().find(|s| s.label == format!("cpu_intensive_task({n})")).expect("a job bar");
        assert_eq!(pid_of_lane(&span.lane), *pid, "task {n} printed the pid of the process that ran it");
        assert!(span.lane.starts_with("SpawnProcess-"), "{}", span.lane);
    }
    assert!(!pids.contains(&1000), "no work in the parent");
    // map yields only results: every result line comes after the last job ended.
    let last_end = spans.iter().filter_map(|s| s.end).fold(0.0, f64::max);
    assert!(r.trace.lines[5].t >= last_end - 0.01);
    // No sleeps, nothing to model; small inputs are over in start-up time.
    assert_eq!(r.predicted_ms, None);
    assert!(r.elapsed_ms < 1000.0, "{}", r.elapsed_ms);
}

#[test]
fn process_pool_map_spreads_heavier_work_over_its_workers() {
    let r = run("fib-process-pool", &[("workers", "3"), ("first", "25"), ("count", "6")], "");
    let texts = r.trace.texts();
    let tasks = task_lines(&texts[1..7]);
    assert_eq!(tasks.keys().copied().collect::<Vec<_>>(), (25..31).collect::<Vec<_>>());
    let expected: Vec<String> = (25..31).map(|n| format!("斐波那契({n}) = {}", fib_iter(n))).collect();
    assert_eq!(texts[7..], expected.iter().map(String::as_str).collect::<Vec<_>>());
    let spans = jobs(&r, "cpu_intensive_task(");
    assert!(max_concurrent(&spans) <= 3);
    let lanes: BTreeSet<&str> = spans.iter().map(|s| s.lane.as_str()).collect();
    assert!(lanes.len() <= 3, "{lanes:?}");
    assert!(r.elapsed_ms < 3000.0, "{}", r.elapsed_ms);
}

#[test]
fn a_local_function_cannot_reach_the_process_pool() {
    let r = run_any("fib-process-pool", &[], "local");
    let (kind, message) = exception(&r);
    assert_eq!(kind, "AttributeError");
    assert!(message.contains("process_pool_basics.<locals>.cpu_intensive_task"), "{message}");
    assert_eq!(r.trace.texts(), ["=== 进程池基础操作 ==="], "the task never ran, nothing was printed by it");
    assert!(r.elapsed_ms < 1000.0, "{}", r.elapsed_ms);
}

// ---------------------------------------------------------------------------------------------
// process-pool-data-chunks

/// The `处理完成` lines: (time, chunk index found from the sum, pid).
fn chunk_done_lines(r: &Report, chunks: u64, size: u64) -> Vec<(f64, String, u32)> {
    let sums: Vec<u64> = (0..chunks).map(|i| (i * size + 1..=(i + 1) * size).map(|x| x * x).sum()).collect();
    r.trace
        .lines
        .iter()
        .filter_map(|l| {
            let rest = l.text.strip_prefix("处理完成: 进程 ")?;
            let (pid, sum) = rest.split_once(", 和: ")?;
            let sum: u64 = sum.parse().ok()?;
            let i = sums.iter().position(|s| *s == sum).unwrap_or_else(|| panic!("no chunk sums to {sum}"));
            Some((l.t, format!("parallel_data_processing(data_chunks[{i}])"), pid.parse().ok()?))
        })
        .collect()
}

#[test]
fn chunks_complete_in_any_order_and_sum_to_1240() {
    let r = run("process-pool-data-chunks", &[("delay", "0.2")], "");
    let texts = r.trace.texts();
    assert_eq!(texts.len(), 8, "{texts:?}");
    assert_eq!(texts[0], "=== 高级进程池操作 ===");
    // Start and completion lines may interleave: pick them by what they say.
    let started: BTreeSet<&str> = texts.iter().filter_map(|t| t.split_once(" 处理数据块: ").map(|p| p.1)).collect();
    assert_eq!(texts.iter().filter(|t| t.contains(" 处理数据块: ")).count(), 3);
    let want: BTreeSet<String> = (0..3u64).map(|i| py_list(&(i * 5 + 1..=(i + 1) * 5).collect::<Vec<_>>())).collect();
    assert_eq!(started, want.iter().map(String::as_str).collect());
    assert_eq!(want.iter().next().map(String::as_str), Some("[1, 2, 3, 4, 5]"));

    let done = chunk_done_lines(&r, 3, 5);
    assert_eq!(done.len(), 3, "{texts:?}");
    let labels: BTreeSet<&str> = done.iter().map(|d| d.1.as_str()).collect();
    assert_eq!(labels.len(), 3, "each chunk reported once");
    let sums: BTreeSet<&str> = texts.iter().filter(|t| t.starts_with("处理完成")).map(|t| t.rsplit(' ').next().unwrap()).collect();
    assert_eq!(sums, BTreeSet::from(["55", "330", "855"]));
    // Each line names the process that really ran that chunk.
    for (_, label, pid) in &done {
        let span = r.trace.spans_of(SpanKind::Task).find(|s| &s.label == label).expect("a job bar");
        assert_eq!(pid_of_lane(&span.lane), *pid, "{label}");
    }
    let triples: Vec<(f64, String)> = done.iter().map(|(t, l, _)| (*t, l.clone())).collect();
    assert_completion_order(&r, &triples, 5.0);
    let total: u64 = (1..=15u64).map(|x| x * x).sum();
    assert_eq!(texts[7], format!("所有数据块的和: {total}"));
    assert_eq!(texts[7], "所有数据块的和: 1240");
    assert_predicted(&r, 200.0, "three chunks on three workers: one wave");
    assert_timing(&r, 400.0);
    assert_eq!(max_concurrent(&jobs(&r, "parallel_data_processing(")), 3, "all three chunks at once");
}

#[test]
fn chunks_beyond_the_workers_wait_a_wave() {
    let r = run("process-pool-data-chunks", &[("workers", "2"), ("chunks", "5"), ("size", "4"), ("delay", "0.15")], "");
    let done = chunk_done_lines(&r, 5, 4);
    assert_eq!(done.len(), 5);
    let triples: Vec<(f64, String)> = done.iter().map(|(t, l, _)| (*t, l.clone())).collect();
    assert_completion_order(&r, &triples, 5.0);
    // Waves of two: the fifth chunk is in the third wave, so its line is the last.
    assert_eq!(done[4].1, "parallel_data_processing(data_chunks[4])");
    assert!(done[4].0 >= 450.0 - 1.0, "third wave at {}", done[4].0);
    let total: u64 = (1..=20u64).map(|x| x * x).sum();
    assert_eq!(r.trace.texts().last().copied(), Some(format!("所有数据块的和: {total}").as_str()));
    assert_predicted(&r, 450.0, "");
    assert_timing(&r, 400.0);
    assert_eq!(max_concurrent(&jobs(&r, "parallel_data_processing(")), 2);
}

#[test]
fn the_published_local_function_fails_silently_with_a_zero_total() {
    let r = run("process-pool-data-chunks", &[], "local");
    let texts = r.trace.texts();
    assert_eq!(texts.len(), 5, "{texts:?}");
    assert_eq!(texts[0], "=== 高级进程池操作 ===");
    for t in &texts[1..4] {
        assert!(t.starts_with("处理出错: ") && t.contains("advanced_process_pool.<locals>.parallel_data_processing"), "{t}");
    }
    assert_eq!(texts[4], "所有数据块的和: 0", "the program carries on and reports a wrong total");
    assert!(!texts.iter().any(|t| t.contains("处理数据块")), "the function never ran");
    assert_predicted(&r, 0.0, "");
    assert_timing(&r, 400.0);
}

// ---------------------------------------------------------------------------------------------
// process-pool-batches

fn factorial_u128(n: u64) -> u128 {
    (1..=n as u128).product()
}

fn record(n: u64, fact: &str) -> String {
    format!("  {{'original': {n}, 'squared': {}, 'factorial': {fact}}}", n * n)
}

/// The `批次 k 处理完成` lines: (time, batch id).
fn batch_done_lines(r: &Report) -> Vec<(f64, u64)> {
    r.trace.lines.iter().filter_map(|l| Some((l.t, l.text.strip_prefix("批次 ")?.strip_suffix(" 处理完成")?.parse().ok()?))).collect()
}

#[test]
fn batches_merge_in_completion_order_with_real_factorials() {
    let r = run("process-pool-batches", &[("delay", "0.1"), ("sample", "5")], "");
    let texts = r.trace.texts();
    assert_eq!(texts[0], "=== 并发数据处理系统 ===");
    // Start and completion lines may interleave: pick them by what they say.
    let starts: Vec<&str> = texts.iter().copied().filter(|t| t.starts_with("进程 ") && t.contains(" 处理批次 ")).collect();
    let started: BTreeSet<u64> = starts.iter().map(|t| t.rsplit(' ').next().unwrap().parse().unwrap()).collect();
    assert_eq!((starts.len(), started), (3, BTreeSet::from([0, 1, 2])), "{texts:?}");
    let done = batch_done_lines(&r);
    assert_eq!(done.iter().map(|d| d.1).collect::<BTreeSet<_>>(), BTreeSet::from([0, 1, 2]));
    assert_eq!(done.len(), 3);
    let labelled: Vec<(f64, String)> = done.iter().map(|(t, b)| (*t, format!("process_data_batch({b}, data_batches[{b}])"))).collect();
    assert_completion_order(&r, &labelled, 5.0);
    assert_eq!(texts[7], "总共处理了 15 个数据项");
    assert_eq!(texts[8], "处理结果示例:");
    // The samples are the first rows of whichever batch finished first.
    let first = done[0].1;
    let expected: Vec<String> = (first * 5 + 1..=first * 5 + 5).map(|n| record(n, &factorial_u128(n).to_string())).collect();
    assert_eq!(texts[9..], expected.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(texts.len(), 14);
    assert_predicted(&r, 100.0, "");
    assert_timing(&r, 400.0);
}

#[test]
fn batches_in_one_worker_run_in_submission_order() {
    // One worker takes the batches one by one: completion order is submission order, and the
    // samples run across from batch 0 into batch 1. 18! .. 20! need more than 64 bits.
    let r = run("process-pool-batches", &[("workers", "1"), ("batches", "2"), ("size", "17"), ("delay", "0.1"), ("sample", "20")], "");
    let done: Vec<u64> = batch_done_lines(&r).iter().map(|d| d.1).collect();
    assert_eq!(done, [0, 1]);
    let texts = r.trace.texts();
    assert!(texts.contains(&"总共处理了 34 个数据项"), "{texts:?}");
    let expected: Vec<String> = (1..=20).map(|n| record(n, &factorial_u128(n).to_string())).collect();
    assert_eq!(texts[texts.len() - 20..], expected.iter().map(String::as_str).collect::<Vec<_>>());
    assert_predicted(&r, 200.0, "two batches, one after the other");
    assert_timing(&r, 400.0);
    assert_eq!(max_concurrent(&jobs(&r, "process_data_batch(")), 1);
}

#[test]
fn factorials_are_exact_beyond_machine_integers() {
    for n in 0..=34u64 {
        assert_eq!(factorial(n), factorial_u128(n).to_string(), "{n}!");
    }
    // 100! has 158 digits and ends in 24 zeros.
    let f = factorial(100);
    assert_eq!(f.len(), 158);
    assert!(f.ends_with(&"0".repeat(24)) && !f.ends_with(&"0".repeat(25)), "{f}");
    // n! = n × (n-1)! beyond 128 bits, with schoolbook multiplication on the decimal digits.
    for n in 35..=200u64 {
        assert_eq!(factorial(n), times(&factorial(n - 1), n), "{n}!");
    }
}

/// A decimal string times a small number, digit by digit from the right.
fn times(decimal: &str, k: u64) -> String {
    let mut out = Vec::new();
    let mut carry = 0u64;
    for d in decimal.bytes().rev() {
        let v = (d - b'0') as u64 * k + carry;
        out.push(b'0' + (v % 10) as u8);
        carry = v / 10;
    }
    while carry > 0 {
        out.push(b'0' + (carry % 10) as u8);
        carry /= 10;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_published_factorial_is_wrong_from_four_on() {
    let r = run("process-pool-batches", &[("workers", "1"), ("delay", "0"), ("sample", "6")], "published-factorial");
    let texts = r.trace.texts();
    assert_eq!(texts[texts.len() - 8], "总共处理了 15 个数据项");
    let rows = &texts[texts.len() - 6..];
    let expected: Vec<String> = (1..=6u64).map(|n| record(n, &if n <= 1 { 1 } else { n * (n - 1) }.to_string())).collect();
    assert_eq!(rows, expected.iter().map(String::as_str).collect::<Vec<_>>());
    // It agrees with n! up to 3 and not after.
    assert_eq!(rows[2], record(3, "6"));
    assert_eq!(rows[3], record(4, "12"));
    assert_ne!(rows[3], record(4, &factorial_u128(4).to_string()));
}

#[test]
fn the_published_local_batch_function_processes_nothing() {
    let r = run("process-pool-batches", &[], "local");
    let texts = r.trace.texts();
    assert_eq!(texts.len(), 6, "{texts:?}");
    assert_eq!(texts[0], "=== 并发数据处理系统 ===");
    for t in &texts[1..4] {
        assert!(t.starts_with("批次处理出错: ") && t.contains("concurrent_data_processor.<locals>.process_data_batch"), "{t}");
    }
    assert_eq!(texts[4..], ["总共处理了 0 个数据项", "处理结果示例:"]);
    assert!(!texts.iter().any(|t| t.contains("处理批次")), "the function never ran");
    assert_predicted(&r, 0.0, "");
    assert_timing(&r, 400.0);
}

// ---------------------------------------------------------------------------------------------
// Input that makes no sense is refused with a message.

#[test]
fn absurd_input_is_refused() {
    let cases: &[(&str, &str, &str)] = &[
        ("pool-map-square-with", "processes", "0"),
        ("pool-map-square-with", "processes", "17"),
        ("pool-map-close-join", "items", "1000"),
        ("fib-process-pool", "first", "45"),
        ("fib-process-pool", "count", "50"),
        ("process-pool-data-chunks", "delay", "-1"),
        ("process-pool-batches", "size", "1000"),
    ];
    for (id, name, value) in cases {
        let lesson = lessons::find(id).unwrap();
        let (_, problems) = parse_values(lesson, &[(name.to_string(), value.to_string())]);
        assert_eq!(problems.len(), 1, "{id} {name}={value}");
        assert!(problems[0].msg.en.contains("must be between"), "{}", problems[0].msg.en);
        assert!(!problems[0].msg.zh.is_empty());
    }
}
