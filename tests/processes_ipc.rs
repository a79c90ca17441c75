//! The processes-and-communication lessons natively: every process an OS thread that shares
//! nothing but encoded messages and explicit shared segments. Printed lines (exact where the order
//! is fixed, as sets where it is free), pids, FIFO order, lost updates without a lock, races
//! between a writer and a reader, and the timing shape with tolerances for a loaded 2-core machine.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;

use std::collections::{BTreeMap, BTreeSet};

use concurrency_playground::core::lesson::RunError;
use concurrency_playground::core::lessons;
use concurrency_playground::core::runner::{Outcome, Report};
use concurrency_playground::core::trace::{Line, SpanKind, Trace};






/// The pid a lane belongs to: lanes read `Process-1 · pid 1001`.
fn lane_pid(lane: &str) -> u32 {
    lane.rsplit("pid ").next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("no pid in lane {lane}"))
}

/// The largest number of child task bars open at once.
fn max_concurrent_children(trace: &Trace) -> usize {
    let mut edges: Vec<(f64, i32)> = Vec::new();
    for s in trace.spans_of(SpanKind::Task).filter(|s| !s.lane.starts_with("MainProcess")) {
        edges.push((s.start, 1));
        edges.push((s.end.unwrap_or(f64::MAX), -1));
    }
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut max) = (0, 0);
    for (_, d) in edges {
        now += d;
        max = max.max(now);
    }
    max as usize
}

fn lines_with<'a>(r: &'a Report, prefix: &str) -> Vec<&'a Line> {
    r.trace.lines.iter().filter(|l| l.text.starts_with(prefix)).collect()
}

fn number_after(text: &str, prefix: &str) -> i64 {
    text.strip_prefix(prefix).and_then(|n| n.trim().parse().ok()).unwrap_or_else(|| panic!("{text:?} is not {prefix}<n>"))
}

// --- mp-process-basic-pid ----------------------------------------------------------------------

fn check_basic_pid(n: usize) {
    let r = run("mp-process-basic-pid", &[("processes", &n.to_string())], "");
    let lines = &r.trace.lines;
    assert_eq!(lines.len(), n + 1, "{:?}", r.trace.texts());
    assert_eq!(lines[n].text, "All processes have finished.", "the final line comes last");
    assert!(lines[n].lane.starts_with("MainProcess"));
    let mut workers = BTreeSet::new();
    let mut pids = BTreeSet::new();
    for l in &lines[..n] {
        let rest = l.text.strip_prefix("Worker ").unwrap_or_else(|| panic!("{:?}", l.text));
        let (num, pid) = rest.split_once(" is running in process ").unwrap_or_else(|| panic!("{:?}", l.text));
        let pid: u32 = pid.parse().unwrap();
        assert_eq!(pid, lane_pid(&l.lane), "os.getpid() is the pid of the process that printed");
        assert_ne!(pid, 1000, "a worker is not the parent");
        workers.insert(num.parse::<usize>().unwrap());
        pids.insert(pid);
    }
    assert_eq!(workers, (0..n).collect(), "every worker ran once");
    assert_eq!(pids.len(), n, "a different pid per process");
    assert_eq!(process_lanes(&r).len(), n);
    assert_eq!(r.predicted_ms, None, "nothing waits on purpose");
}

#[test]
fn basic_pid_workers_have_distinct_pids_and_the_final_line_is_last() {
    check_basic_pid(5);
    check_basic_pid(1);
    check_basic_pid(12);
}

// --- mp-process-4-workers ----------------------------------------------------------------------

#[test]
fn four_workers_run_side_by_side() {
    let r = run("mp-process-4-workers", &[("delay", "0.3")], "");
    let got: BTreeSet<&str> = r.trace.texts().into_iter().collect();
    let want: BTreeSet<String> = (0..4).map(|i| format!("Worker {i} is running")).collect();
    assert_eq!(got, want.iter().map(|s| s.as_str()).collect(), "{:?}", r.trace.texts());
    assert_eq!(r.trace.lines.len(), 4);
    // All four print before any of them has finished its work: they overlap.
    assert!(r.trace.lines.iter().all(|l| l.t < 300.0), "{:?}", r.trace.lines);
    assert_eq!(max_concurrent_children(&r.trace), 4);
    assert_eq!(r.predicted_ms, Some(300.0), "one delay, not four");
    assert_timing(&r, 400.0);
    assert!(r.elapsed_ms < 4.0 * 300.0, "sequential would take 1.2 s: {}", r.elapsed_ms);

    let r = run("mp-process-4-workers", &[("processes", "7"), ("delay", "0.2")], "");
    assert_eq!(r.trace.lines.len(), 7);
    assert_eq!(process_lanes(&r).len(), 7);
    assert_eq!(max_concurrent_children(&r.trace), 7);
    assert_timing(&r, 400.0);
}

// --- queues and pipes between processes --------------------------------------------------------

#[test]
fn a_childs_message_reaches_the_parent() {
    let r = run("mp-queue-child-message", &[("delay", "0.3")], "");
    assert_eq!(r.trace.texts(), ["子进程消息"]);
    let line = &r.trace.lines[0];
    assert!(line.lane.starts_with("MainProcess"), "the parent prints: {}", line.lane);
    assert!(line.t >= 300.0, "get() blocked until the put: {}", line.t);
    assert_eq!(r.predicted_ms, Some(300.0));
    assert_timing(&r, 400.0);
    // The parent's get() is a wait on its own lane lasting most of the delay.
    let get = r.trace.spans_of(SpanKind::Wait).find(|s| s.label == "q.get()" && s.lane.starts_with("MainProcess")).expect("the parent's get()");
    assert!(get.end.unwrap() - get.start >= 200.0, "{get:?}");
}

/// `Hello` from the receiver (the second process started), after its blocking read of `label`.
fn check_hello(id: &str, label: &str) {
    let r = run(id, &[("delay", "0.4")], "");
    assert_eq!(r.trace.texts(), ["Hello"]);
    let line = &r.trace.lines[0];
    assert!(line.lane.starts_with("Process-2"), "the receiver prints: {}", line.lane);
    assert!(line.t >= 400.0, "{}", line.t);
    let wait = r.trace.spans_of(SpanKind::Wait).find(|s| s.label == label && s.lane == line.lane).unwrap_or_else(|| panic!("no {label} on {}", line.lane));
    assert!(wait.end.unwrap() - wait.start >= 200.0, "the receiver blocked until the message came: {wait:?}");
    assert_eq!(process_lanes(&r).len(), 2);
    assert_eq!(r.predicted_ms, Some(400.0));
    assert_timing(&r, 400.0);

    let r = run(id, &[("delay", "0")], "");
    assert_eq!(r.trace.texts(), ["Hello"]);
}

#[test]
fn queue_carries_hello_between_two_children() {
    check_hello("mp-queue-hello", "q.get()");
}

#[test]
fn pipe_carries_hello_between_two_children() {
    check_hello("mp-pipe-hello", "conn.recv()");
}

// --- mp-queue-empty-loop -----------------------------------------------------------------------

#[test]
fn sentinel_consumer_gets_every_item_in_fifo_order() {
    for (items, delay) in [(5usize, "0.05"), (30, "0")] {
        let r = run("mp-queue-empty-loop", &[("items", &items.to_string()), ("delay", delay)], "");
        let mut want: Vec<String> = (0..items).map(|i| format!("Produced {i}")).collect();
        want.extend((0..items).map(|i| format!("Consumed {i}")));
        assert_eq!(r.trace.texts(), want.iter().map(|s| s.as_str()).collect::<Vec<_>>());
        // Two processes: the producer printed the first half, the consumer the second.
        assert!(r.trace.lines[..items].iter().all(|l| l.lane.starts_with("Process-1")));
        assert!(r.trace.lines[items..].iter().all(|l| l.lane.starts_with("Process-2")));
    }
    let r = run("mp-queue-empty-loop", &[("items", "5"), ("delay", "0.1")], "");
    assert_eq!(r.predicted_ms, Some(500.0));
    assert_timing(&r, 400.0);
    let produced: Vec<f64> = lines_with(&r, "Produced").iter().map(|l| l.t).collect();
    for (i, t) in produced.iter().enumerate() {
        assert!(*t >= 100.0 * (i + 1) as f64, "item {i} after {} delays: {t}", i + 1);
    }
}

#[test]
fn empty_check_consumer_quits_before_the_items_arrive() {
    let r = run("mp-queue-empty-loop", &[("items", "5"), ("delay", "0.3")], "empty-loop");
    let produced: Vec<i64> = lines_with(&r, "Produced ").iter().map(|l| number_after(&l.text, "Produced ")).collect();
    assert_eq!(produced, (0..5).collect::<Vec<_>>(), "the producer still makes everything");
    let consumed: Vec<i64> = lines_with(&r, "Consumed ").iter().map(|l| number_after(&l.text, "Consumed ")).collect();
    assert!(consumed.len() < 5, "the empty() loop must quit early here: {consumed:?}");
    assert_eq!(consumed, (0..consumed.len() as i64).collect::<Vec<_>>(), "whatever it got, it got in FIFO order");
    // The consumer was gone before the producer had finished.
    let consumer_end = r.trace.spans_of(SpanKind::Task).find(|s| s.lane.starts_with("Process-2")).and_then(|s| s.end).expect("the consumer's bar");
    let last_put = r.trace.time_of("Produced 4").unwrap();
    assert!(consumer_end < last_put, "consumer ended at {consumer_end}, last item at {last_put}");
    assert_timing(&r, 400.0);
}

// --- mp-worker-queues --------------------------------------------------------------------------

fn parse_tuple(s: &str) -> (i64, i64, i64) {
    let inner = s.trim().strip_prefix('(').and_then(|s| s.strip_suffix(')')).unwrap_or_else(|| panic!("{s:?}"));
    let v: Vec<i64> = inner.split(", ").map(|x| x.parse().unwrap()).collect();
    assert_eq!(v.len(), 3, "{s:?}");
    (v[0], v[1], v[2])
}

/// Checks one run of the worker pool and returns the results in collection order.
fn check_worker_queues(workers: usize, tasks: usize, delay: &str) -> (Report, Vec<(i64, i64, i64)>) {
    let r = run("mp-worker-queues", &[("workers", &workers.to_string()), ("tasks", &tasks.to_string()), ("delay", delay)], "");
    let texts = r.trace.texts();
    assert_eq!(texts[0], "=== 进程间通信示例 ===");
    assert_eq!(texts.len(), 1 + workers + 2 * tasks + 1, "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("超时")), "no timeout fires: {texts:?}");

    // Start lines: one per worker, each with its own pid, printed from its own process.
    let starts = lines_with(&r, "工作进程 ");
    assert_eq!(starts.len(), workers);
    let mut ids = BTreeSet::new();
    let mut pids = BTreeSet::new();
    for l in &starts {
        let rest = l.text.strip_prefix("工作进程 ").unwrap();
        let (id, pid) = rest.split_once(" (PID: ").unwrap();
        let pid: u32 = pid.strip_suffix(") 启动").unwrap().parse().unwrap();
        assert_eq!(pid, lane_pid(&l.lane));
        ids.insert(id.parse::<usize>().unwrap());
        pids.insert(pid);
    }
    assert_eq!(ids, (0..workers).collect());
    assert_eq!(pids.len(), workers);

    // Every task handled exactly once, by some worker.
    let mut handled: BTreeMap<i64, i64> = BTreeMap::new();
    for l in lines_with(&r, "进程 ") {
        let (w, t) = l.text.strip_prefix("进程 ").unwrap().split_once(" 处理任务: ").unwrap();
        assert!(handled.insert(t.parse().unwrap(), w.parse().unwrap()).is_none(), "task {t} handled twice");
    }
    assert_eq!(handled.keys().copied().collect::<Vec<_>>(), (1..=tasks as i64).collect::<Vec<_>>());

    // Results: (worker, task, task²), one per task, from the worker that handled it.
    let results: Vec<(i64, i64, i64)> = lines_with(&r, "收集到结果: ").iter().map(|l| parse_tuple(l.text.strip_prefix("收集到结果: ").unwrap())).collect();
    assert_eq!(results.len(), tasks);
    for (w, t, sq) in &results {
        assert_eq!(*sq, t * t);
        assert_eq!(handled.get(t), Some(w), "result of task {t} names the worker that handled it");
    }
    let tasks_back: BTreeSet<i64> = results.iter().map(|r| r.1).collect();
    assert_eq!(tasks_back, (1..=tasks as i64).collect());

    // The final line last: the whole list, in collection order.
    let last = texts.last().unwrap();
    let list: Vec<String> = results.iter().map(|(w, t, s)| format!("({w}, {t}, {s})")).collect();
    assert_eq!(*last, format!("所有结果: [{}]", list.join(", ")));
    assert!(r.trace.lines.last().unwrap().lane.starts_with("MainProcess"));
    assert_eq!(process_lanes(&r).len(), workers);
    (r, results)
}

#[test]
fn worker_queues_return_every_square_once() {
    let (r, _) = check_worker_queues(3, 10, "0.1");
    assert_eq!(r.predicted_ms, Some(400.0), "ceil(10 / 3) rounds of 0.1 s");
    assert_timing(&r, 500.0);
    // The three workers really worked at once.
    assert_eq!(max_concurrent_children(&r.trace), 3);

    // One worker: nothing can overtake, so results come back in task order (FIFO end to end).
    let (r, results) = check_worker_queues(1, 6, "0.02");
    assert_eq!(results.iter().map(|r| r.1).collect::<Vec<_>>(), (1..=6).collect::<Vec<_>>());
    assert_timing(&r, 400.0);

    // More workers than tasks: the idle ones still get their sentinel and exit.
    check_worker_queues(8, 3, "0.05");
    check_worker_queues(4, 40, "0");
}

#[test]
fn a_local_worker_function_cannot_be_pickled_under_spawn() {
    let r = run_any("mp-worker-queues", &[], "local-target");
    assert!(
        matches!(&r.outcome, Outcome::Error(RunError::Py { kind, message }) if kind == "AttributeError" && message.contains("<locals>.worker_process")),
        "{:?}",
        r.outcome
    );
    assert_eq!(r.trace.texts(), ["=== 进程间通信示例 ==="]);
    assert!(process_lanes(&r).is_empty(), "no worker ever started");
}

// --- mp-shared-value-array ---------------------------------------------------------------------

/// `shared_num` and `shared_arr` as printed.
fn shared_results(r: &Report) -> (i64, Vec<i64>) {
    let texts = r.trace.texts();
    assert_eq!(texts.len(), 2, "{texts:?}");
    let num = number_after(texts[0], "shared_num: ");
    let arr = texts[1].strip_prefix("shared_arr: [").and_then(|s| s.strip_suffix(']')).unwrap_or_else(|| panic!("{}", texts[1]));
    (num, arr.split(", ").map(|x| x.parse().unwrap()).collect())
}

fn expected_shared(processes: i64, repeat: i64) -> (i64, Vec<i64>) {
    let per_round: i64 = (0..processes).sum();
    (repeat * per_round, (1..=5).map(|x| x + repeat * per_round).collect())
}

#[test]
fn shared_value_array_with_the_lock_never_loses_an_update() {
    // The published numbers.
    let r = run("mp-shared-value-array", &[("repeat", "1")], "");
    assert_eq!(r.trace.texts(), ["shared_num: 10", "shared_arr: [11, 12, 13, 14, 15]"]);
    assert_eq!(process_lanes(&r).len(), 5);

    // Contention that loses updates without the lock (next test) loses none with it.
    for _ in 0..2 {
        let r = run("mp-shared-value-array", &[("processes", "8"), ("repeat", "5000"), ("pause", "3000")], "");
        assert_eq!(shared_results(&r), expected_shared(8, 5000));
    }
    let r = run("mp-shared-value-array", &[], "");
    assert_eq!(shared_results(&r), expected_shared(5, 2000));
}

#[test]
fn shared_value_without_the_lock_really_loses_updates() {
    let (want, _) = expected_shared(8, 5000);
    // A run can be lucky; three in a row without a single lost update means the race is gone.
    let mut got = Vec::new();
    for _ in 0..3 {
        let r = run("mp-shared-value-array", &[("processes", "8"), ("repeat", "5000"), ("pause", "3000")], "no-lock");
        let (num, arr) = shared_results(&r);
        assert_eq!(arr.len(), 5);
        // A write of a stale read can only drop increments, never add one.
        assert!((0..=want).contains(&num), "{num} of {want}");
        got.push(num);
        if num < want {
            break;
        }
    }
    assert!(got.iter().any(|n| *n < want), "no update was lost in {got:?} (expected {want})");
    // One process alone has nobody to race with.
    let r = run("mp-shared-value-array", &[("processes", "2"), ("repeat", "3000"), ("pause", "100")], "no-lock");
    let (num, _) = shared_results(&r);
    assert!(num <= 3000, "{num}");
    let r = run("mp-shared-value-array", &[("processes", "1"), ("repeat", "100")], "no-lock");
    assert_eq!(shared_results(&r), expected_shared(1, 100));
}

// --- mp-shared-memory-race ---------------------------------------------------------------------

#[test]
fn joined_writer_means_the_reader_sees_the_write() {
    for delay in ["0.2", "0"] {
        let r = run("mp-shared-memory-race", &[("delay", delay)], "");
        assert_eq!(r.trace.texts(), ["123 456"], "delay {delay}");
        assert!(r.trace.lines[0].lane.starts_with("Process-2"), "the reader prints");
    }
    let r = run("mp-shared-memory-race", &[("delay", "0.2")], "");
    assert!(r.trace.lines[0].t >= 200.0);
    assert_eq!(r.predicted_ms, Some(200.0));
    assert_timing(&r, 400.0);
}

#[test]
fn unordered_reader_reads_before_the_write() {
    let r = run("mp-shared-memory-race", &[("delay", "0.3")], "race");
    assert_eq!(r.trace.texts(), ["0 0"], "the reader looked before the writer wrote");
    assert!(r.trace.lines[0].t < 300.0, "{}", r.trace.lines[0].t);
    let writer_end = r.trace.spans_of(SpanKind::Task).find(|s| s.lane.starts_with("Process-1")).and_then(|s| s.end).expect("the writer's bar");
    assert!(writer_end >= 300.0 && r.trace.lines[0].t < writer_end, "the reader ran while the writer was still busy");
    assert_timing(&r, 400.0);
    // With no delay, either answer is possible, but never a mix of old and new beyond the two.
    let r = run("mp-shared-memory-race", &[("delay", "0")], "race");
    let t = r.trace.texts();
    assert!(matches!(t.as_slice(), ["0 0"] | ["123 456"] | ["123 0"] | ["0 456"]), "{t:?}");
}

// --- socket-ipc-loopback -----------------------------------------------------------------------

fn recv_calls(r: &Report, bufsize: usize) -> usize {
    let label = format!("conn.recv({bufsize})");
    r.trace.spans_of(SpanKind::Wait).filter(|s| s.label == label).count()
}

#[test]
fn socket_stream_delivers_hello_to_the_server() {
    let r = run("socket-ipc-loopback", &[], "");
    assert_eq!(r.trace.texts(), ["Hello"]);
    assert!(r.trace.lines[0].lane.starts_with("Process-1"), "the server prints: {}", r.trace.lines[0].lane);
    assert_eq!(process_lanes(&r).len(), 2);
    // One read gets all five bytes, the next gets b'' when the client has closed.
    assert_eq!(recv_calls(&r, 1024), 2);
    // The server accepted before reading.
    let accept = r.trace.spans_of(SpanKind::Wait).find(|s| s.label == "s.accept()").expect("accept");
    let first_recv = r.trace.spans_of(SpanKind::Wait).filter(|s| s.label == "conn.recv(1024)").map(|s| s.start).fold(f64::MAX, f64::min);
    assert!(accept.end.unwrap() <= first_recv);

    // A stream keeps no message boundaries: two bytes at a time, three reads plus the b''.
    let r = run("socket-ipc-loopback", &[("bufsize", "2")], "");
    assert_eq!(r.trace.texts(), ["Hello"]);
    assert_eq!(recv_calls(&r, 2), 4);
    let r = run("socket-ipc-loopback", &[("bufsize", "1")], "");
    assert_eq!(r.trace.texts(), ["Hello"]);
    assert_eq!(recv_calls(&r, 1), 6);
}

#[test]
fn every_lesson_of_this_group_is_registered_with_its_targets() {
    let ids = [
        "mp-process-basic-pid",
        "mp-process-4-workers",
        "mp-queue-child-message",
        "mp-queue-hello",
        "mp-pipe-hello",
        "mp-queue-empty-loop",
        "mp-worker-queues",
        "mp-shared-value-array",
        "mp-shared-memory-race",
        "socket-ipc-loopback",
    ];
    for id in ids {
        let lesson = lessons::find(id).unwrap_or_else(|| panic!("{id} is not in the catalogue"));
        assert!(lesson.uses_processes(), "{id}");
        assert!(lesson.source.contains(&format!("\"{id}\"")), "{id}: the source shown is its own");
        for p in lesson.params {
            assert!(p.min <= p.default && p.default <= p.max, "{id} {}", p.name);
            assert!(!p.label.en.is_empty() && !p.label.zh.is_empty());
        }
        for v in lesson.variants {
            assert!(!v.label.en.is_empty() && !v.label.zh.is_empty(), "{id} {}", v.key);
        }
    }
    // Targets are found by "<lesson-id>.<function>", the way a fresh process finds them.
    for t in ["mp-process-basic-pid.worker", "mp-queue-hello.receiver", "mp-pipe-hello.sender", "mp-worker-queues.worker_process", "mp-shared-memory-race.reader", "socket-ipc-loopback.server"] {
        assert!(lessons::target(t).is_some(), "{t}");
    }
}
