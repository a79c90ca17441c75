//! The threading group (`lessons/threads_more.rs`) on real OS threads: the printed lines (exact
//! where the order is fixed, as sets where it is free), the ordering guarantees (FIFO queues,
//! completion order for as_completed, input order for map), the defect variants' real effects, and
//! the timing shapes with tolerances that survive a loaded machine.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::sync::Mutex;

use concurrency_playground::core::lesson::{parse_values, Env, RunError};
use concurrency_playground::core::lessons;
use concurrency_playground::core::runner::{run_native, Outcome, Report};
use concurrency_playground::core::trace::{SpanKind, Trace};

/// Timed tests take turns: two thread lessons at once on a 2-core machine distort the shapes.
static REAL_THREADS: Mutex<()> = Mutex::new(());

/// Sleeps never finish early; this much lateness is allowed on a loaded machine.
const SLACK_MS: f64 = 350.0;

fn run_any(id: &str, params: &[(&str, &str)], variant: &str) -> Report {
    let lesson = lessons::find(id).unwrap_or_else(|| panic!("no lesson {id}"));
    assert!(variant.is_empty() || lesson.variant(variant).is_some(), "{id}: no variant {variant}");
    let raw: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let (values, problems) = parse_values(lesson, &raw);
    assert!(problems.is_empty(), "{id}: {problems:?}");
    let _turn = REAL_THREADS.lock().unwrap_or_else(|p| p.into_inner());
    run_native(lesson, &values, variant)
}

/// A run that must end normally.
fn run(id: &str, params: &[(&str, &str)], variant: &str) -> Report {
    let r = run_any(id, params, variant);
    assert_eq!(r.outcome, Outcome::Done, "{id} {variant}: {:?}", r.trace.texts());
    r
}

/// Elapsed within [predicted - 1 ms, predicted + slack], and the prediction is what we expect.
fn assert_timing(r: &Report, predicted: f64) {
    assert_eq!(r.predicted_ms, Some(predicted), "the model");
    assert!(r.elapsed_ms >= predicted - 1.0 && r.elapsed_ms <= predicted + SLACK_MS, "elapsed {} ms, predicted {predicted} ms", r.elapsed_ms);
}

fn near(t: f64, expected: f64) -> bool {
    t >= expected - 1.0 && t <= expected + SLACK_MS
}

fn set(xs: &[&str]) -> BTreeSet<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

fn lines_with<'a>(r: &'a Report, prefix: &str) -> Vec<&'a str> {
    r.trace.texts().into_iter().filter(|t| t.starts_with(prefix)).collect()
}

/// The numbers at the end of the lines starting with `prefix`, in printed order.
fn numbers(r: &Report, prefix: &str) -> Vec<usize> {
    lines_with(r, prefix).iter().map(|t| t.rsplit(' ').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{t}"))).collect()
}

/// The names of the threads started with `threading.Thread` (their bars' labels; the main
/// thread and pool workers excluded).
fn thread_names(r: &Report) -> BTreeSet<String> {
    r.trace.spans_of(SpanKind::Task).filter(|s| s.label.starts_with("Thread-")).map(|s| s.label.clone()).collect()
}

/// The largest number of Task bars open at once among lanes whose name starts with `prefix`.
fn max_concurrent(trace: &Trace, prefix: &str) -> usize {
    let mut edges: Vec<(f64, i32)> = Vec::new();
    for s in trace.spans_of(SpanKind::Task).filter(|s| s.lane.starts_with(prefix)) {
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

#[test]
fn thread_basic_joins_before_the_last_line() {
    let r = run("thread-basic", &[], "");
    let texts = r.trace.texts();
    assert_eq!(texts.len(), 6);
    assert_eq!(set(&texts[..5]), (0..5).map(|i| format!("Worker {i} is running")).collect());
    assert_eq!(texts[5], "All threads have finished.");
    assert_timing(&r, 0.0);
    assert!(thread_names(&r).contains("Thread-1 (worker)"), "{:?}", thread_names(&r));

    // Twenty threads that each sleep 0.2 s overlap: one delay in all, not twenty.
    let r = run("thread-basic", &[("threads", "20"), ("delay", "0.2")], "");
    let texts = r.trace.texts();
    assert_eq!(set(&texts[..20]), (0..20).map(|i| format!("Worker {i} is running")).collect());
    assert_eq!(texts[20], "All threads have finished.");
    assert_timing(&r, 200.0);
    assert_eq!(thread_names(&r), (1..=20).map(|i| format!("Thread-{i} (worker)")).collect());
}

#[test]
fn thread_two_funcs_order_follows_timing() {
    let r = run("thread-two-funcs", &[], "");
    let texts = r.trace.texts();
    assert_eq!(set(&texts[..2]), set(&["Thread 1 is running", "Thread 2 is running"]));
    assert_eq!(texts[2], "All threads have finished");
    assert_timing(&r, 0.0);

    // Thread 1 started first but sleeps longer: Thread 2 prints first.
    let r = run("thread-two-funcs", &[("delay1", "0.3"), ("delay2", "0.05")], "");
    assert_eq!(r.trace.texts(), ["Thread 2 is running", "Thread 1 is running", "All threads have finished"]);
    assert!(near(r.trace.time_of("Thread 2 is running").unwrap(), 50.0));
    assert_timing(&r, 300.0);
}

#[test]
fn thread_subclass_runs_and_the_published_constructor_crashes() {
    let r = run("thread-subclass", &[], "");
    let texts = r.trace.texts();
    assert_eq!(set(&texts[..5]), (0..5).map(|i| format!("Thread {i} is running")).collect());
    assert_eq!(texts[5], "All threads have finished.");
    assert_eq!(thread_names(&r), (1..=5).map(|i| format!("Thread-{i}")).collect(), "a subclass has no target in its name");

    let r = run_any("thread-subclass", &[], "published");
    assert_eq!(r.outcome, Outcome::Error(RunError::py("AssertionError", "group argument must be None for now")));
    assert!(r.trace.lines.is_empty(), "the first MyThread(0) raises before anything prints");
    assert!(thread_names(&r).is_empty(), "no thread was started");
}

#[test]
fn future_result_blocks_until_the_task_has_run() {
    let r = run("future-submit-result", &[], "");
    assert_eq!(r.trace.texts(), ["10"]);
    assert!(near(r.trace.time_of("10").unwrap(), 500.0));
    assert_timing(&r, 500.0);
    // One task starts one thread, whatever the default max_workers.
    assert_eq!(r.trace.lanes.iter().filter(|l| l.starts_with("ThreadPoolExecutor-0_")).count(), 1);
    // The main thread waited in result().
    assert!(r.trace.spans_of(SpanKind::Wait).any(|s| s.lane == "MainThread" && s.label == "future.result()"));

    let r = run("future-submit-result", &[("n", "21"), ("delay", "0")], "");
    assert_eq!(r.trace.texts(), ["42"]);
    assert_timing(&r, 0.0);
}

#[test]
fn threadpool_map_keeps_input_order_in_waves() {
    let r = run("threadpool-map-square", &[], "");
    assert_eq!(r.trace.texts(), ["[1, 4, 9, 16, 25]"]);
    assert_timing(&r, 0.0);

    // Ten items on three threads that sleep 0.1 s: four waves, never more than three at once.
    let r = run("threadpool-map-square", &[("workers", "3"), ("items", "10"), ("delay", "0.1")], "");
    assert_eq!(r.trace.texts(), ["[1, 4, 9, 16, 25, 36, 49, 64, 81, 100]"]);
    assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-0_"), 3);
    assert_timing(&r, 400.0);
}

#[test]
fn thread_local_values_stay_with_their_thread() {
    let r = run("thread-local", &[], "");
    assert_eq!(set(&r.trace.texts()), set(&["Thread-1 (worker) A", "Thread-2 (worker) B"]));
    assert_timing(&r, 100.0);

    let r = run("thread-local", &[("threads", "6"), ("pause", "0.2")], "");
    let expected: BTreeSet<String> = (0..6).map(|i| format!("Thread-{} (worker) {}", i + 1, char::from(b'A' + i as u8))).collect();
    assert_eq!(r.trace.texts().into_iter().map(String::from).collect::<BTreeSet<_>>(), expected);

    // An ordinary shared object: everyone stored first, so everyone reads the last letter written.
    let r = run("thread-local", &[("threads", "6"), ("pause", "0.2")], "shared");
    let texts = r.trace.texts();
    assert_eq!(texts.len(), 6);
    let last: BTreeSet<&str> = texts.iter().map(|t| t.rsplit(' ').next().unwrap()).collect();
    assert_eq!(last.len(), 1, "one value for all threads: {texts:?}");
    assert_timing(&r, 200.0);
}

#[test]
fn producer_consumer_with_a_sentinel() {
    let r = run("thread-producer-consumer-sentinel", &[], "");
    assert_eq!(numbers(&r, "生产 "), (0..5).collect::<Vec<_>>());
    assert_eq!(numbers(&r, "消费 "), (0..5).collect::<Vec<_>>(), "FIFO");
    assert_eq!(r.trace.lines.len(), 10);
    // Each item is consumed as soon as it is produced, one every 0.1 s: 消费 i comes before 生产 i+1.
    for i in 0..5 {
        let t = r.trace.time_of(&format!("消费 {i}")).unwrap();
        assert!(near(t, i as f64 * 100.0), "消费 {i} at {t}");
        if let Some(next) = r.trace.time_of(&format!("生产 {}", i + 1)) {
            assert!(t < next, "消费 {i} at {t}, 生产 {} at {next}", i + 1);
        }
    }
    assert_timing(&r, 500.0);

    // Published: the consumer's join(timeout=1) waits its whole second before None is sent.
    let r = run("thread-producer-consumer-sentinel", &[], "published");
    assert_eq!(numbers(&r, "消费 "), (0..5).collect::<Vec<_>>());
    assert_timing(&r, 1500.0);
    let waits: Vec<f64> = r.trace.spans_of(SpanKind::Wait).filter(|s| s.lane == "MainThread" && s.label == "join(timeout=1)").map(|s| s.end.unwrap() - s.start).collect();
    assert_eq!(waits.len(), 2, "two timed joins");
    assert!(waits.iter().any(|w| *w >= 999.0), "the consumer's join timed out: {waits:?}");

    // A producer slower than the timeouts: the sentinel overtakes its last items, which are lost.
    let r = run("thread-producer-consumer-sentinel", &[("delay", "0.4"), ("join_timeout", "0.5")], "published");
    assert_eq!(numbers(&r, "生产 "), (0..5).collect::<Vec<_>>());
    assert_eq!(numbers(&r, "消费 "), vec![0, 1, 2], "items put after the sentinel at 1.0 s are never consumed");
    assert_timing(&r, 2000.0);
}

#[test]
fn queue_empty_race_makes_the_consumer_quit_early() {
    let r = run("thread-queue-empty-race", &[], "");
    assert_eq!(numbers(&r, "Produced "), (0..5).collect::<Vec<_>>());
    assert_eq!(numbers(&r, "Consumed "), (0..5).collect::<Vec<_>>(), "every item, FIFO");
    assert_timing(&r, 250.0);

    // Published with a producer that needs 0.1 s per item: the consumer finds the queue empty
    // and leaves long before the producer is done.
    let r = run("thread-queue-empty-race", &[("gap", "0.1")], "published");
    assert_eq!(numbers(&r, "Produced "), (0..5).collect::<Vec<_>>());
    let consumed = numbers(&r, "Consumed ");
    assert!(consumed.len() < 5, "the consumer quit early: {consumed:?}");
    assert_eq!(consumed, (0..consumed.len()).collect::<Vec<_>>(), "what it did take, it took in order");
    let consumer_end = r.trace.spans_of(SpanKind::Task).find(|s| s.label == "Thread-2 (consumer)").and_then(|s| s.end).unwrap();
    let last_put = r.trace.time_of("Produced 4").unwrap();
    assert!(consumer_end < last_put, "the consumer ended at {consumer_end} ms, before the last item at {last_put} ms");
    assert_timing(&r, 500.0);

    // Without the pause, as published: whatever the race gives, the consumer takes a FIFO prefix.
    let r = run("thread-queue-empty-race", &[("gap", "0")], "published");
    assert_eq!(numbers(&r, "Produced "), (0..5).collect::<Vec<_>>());
    let consumed = numbers(&r, "Consumed ");
    assert_eq!(consumed, (0..consumed.len()).collect::<Vec<_>>());
}

#[test]
fn multi_producer_bounded_queue_with_get_timeout() {
    let r = run("thread-queue-multi-producer", &[], "");
    let texts = r.trace.texts();
    assert_eq!(texts[0], "=== 队列通信示例 ===");
    let mut produced: Vec<usize> = lines_with(&r, "生产者 P").iter().filter(|t| t.contains(" 生产: ")).map(|t| t.rsplit(' ').next().unwrap().parse().unwrap()).collect();
    produced.sort();
    assert_eq!(produced, (0..9).collect::<Vec<_>>(), "each item produced once");
    let consumed: Vec<usize> = lines_with(&r, "消费者 C").iter().filter(|t| t.contains(" 消费: ")).map(|t| t.rsplit(' ').next().unwrap().parse().unwrap()).collect();
    let mut sorted = consumed.clone();
    sorted.sort();
    assert_eq!(sorted, (0..9).collect::<Vec<_>>(), "each item consumed exactly once: {consumed:?}");
    // FIFO per producer: its items come out in the order it put them.
    for p in 0..3 {
        let mine: Vec<usize> = consumed.iter().copied().filter(|x| x / 3 == p).collect();
        assert_eq!(mine, vec![3 * p, 3 * p + 1, 3 * p + 2]);
    }
    assert_eq!(set(&lines_with(&r, "生产者 P").into_iter().filter(|t| t.ends_with("完成")).collect::<Vec<_>>()), set(&["生产者 P0 完成", "生产者 P1 完成", "生产者 P2 完成"]));
    for p in 0..3 {
        assert!(near(r.trace.time_of(&format!("生产者 P{p} 完成")).unwrap(), 300.0));
    }
    // Each consumer leaves one timeout after the last item it took (both usually take one of the
    // last round's items, at 0.2 s); whoever took the very last one leaves at ≈1.2 s.
    let mut leave_times = Vec::new();
    for c in ["C0", "C1"] {
        let last_taken = r.trace.lines.iter().filter(|l| l.text.starts_with(&format!("消费者 {c} 消费:"))).map(|l| l.t).fold(0.0, f64::max);
        let t = r.trace.time_of(&format!("消费者 {c} 超时退出")).unwrap_or_else(|| panic!("{c} never left"));
        assert!(t >= last_taken + 999.0 && t <= last_taken + 1000.0 + SLACK_MS, "{c} took its last item at {last_taken} and left at {t}");
        leave_times.push(t);
    }
    assert!(near(leave_times.iter().copied().fold(0.0, f64::max), 1200.0), "{leave_times:?}");
    assert_eq!(texts.len(), 1 + 9 + 3 + 9 + 2);
    assert_timing(&r, 1200.0);

    // Producers that do not pause fill a queue of 2: put() really blocks until there is room.
    let r = run("thread-queue-multi-producer", &[("items", "10"), ("consumers", "1"), ("maxsize", "2"), ("delay", "0"), ("timeout", "0.2")], "");
    let mut consumed: Vec<usize> = lines_with(&r, "消费者 C0 消费").iter().map(|t| t.rsplit(' ').next().unwrap().parse().unwrap()).collect();
    consumed.sort();
    assert_eq!(consumed, (0..30).collect::<Vec<_>>());
    assert!(r.trace.spans_of(SpanKind::Wait).any(|s| s.label == "q.put()"), "a producer waited for room");
    assert_timing(&r, 200.0);

    // FIFO with a queue that really holds several items: one producer, one consumer, no pauses.
    let r = run("thread-queue-multi-producer", &[("producers", "1"), ("items", "40"), ("consumers", "1"), ("maxsize", "5"), ("delay", "0"), ("timeout", "0.1")], "");
    let consumed: Vec<usize> = lines_with(&r, "消费者 C0 消费").iter().map(|t| t.rsplit(' ').next().unwrap().parse().unwrap()).collect();
    assert_eq!(consumed, (0..40).collect::<Vec<_>>(), "first in, first out");
}

#[test]
fn as_completed_order_and_result_timeout() {
    let r = run("threadpool-as-completed-timeout", &[], "");
    let texts = r.trace.texts();
    assert_eq!(texts[0], "=== 高级线程池操作 ===");
    // Completion order, read from the trace: the order the task bars ended in.
    let mut ends: Vec<(f64, String)> = r.trace.spans_of(SpanKind::Task).filter(|s| s.label.starts_with("long_running_task(")).map(|s| (s.end.unwrap(), s.label.clone())).collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let by_trace: Vec<usize> = ends.iter().map(|(_, l)| l.trim_start_matches("long_running_task(").trim_end_matches(')').parse().unwrap()).collect();
    let handled: Vec<usize> = lines_with(&r, "任务 ").iter().filter(|t| t.contains("完成: ")).map(|t| t.split(' ').nth(1).unwrap().parse().unwrap()).collect();
    assert_eq!(handled, by_trace, "as_completed hands out futures in completion order");
    assert_eq!(handled, vec![1, 2, 3, 4, 5]);
    for (i, at) in [(1, 200.0), (2, 400.0), (3, 600.0), (4, 1000.0), (5, 1400.0)] {
        let t = r.trace.time_of(&format!("任务 {i} 完成: 任务 {i} 结果")).unwrap();
        assert!(near(t, at), "任务 {i} at {t}, expected {at}");
    }
    assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-0_"), 3);
    let t = r.trace.time_of("任务超时: 1 秒内没有结果").expect("a readable timeout message");
    assert!(near(t, 2400.0), "timeout at {t}");
    assert_eq!(texts.last().copied(), Some("任务超时: 1 秒内没有结果"));
    // The cancelled task stops at once: the run ends with the timeout, not with the task.
    assert_timing(&r, 2400.0);

    // Published: an empty message, and the executor still waits for the 2-second task.
    let r = run("threadpool-as-completed-timeout", &[], "published");
    let t = r.trace.time_of("任务超时或出错: ").expect("the empty message");
    assert!(near(t, 2400.0));
    assert_timing(&r, 3400.0);

    // A task quicker than the timeout delivers its result.
    let r = run("threadpool-as-completed-timeout", &[("tasks", "2"), ("step", "0.1"), ("duration", "0.3")], "");
    assert_eq!(r.trace.texts().last().copied(), Some("任务结果: 任务完成，耗时 0.3 秒"));
    assert_timing(&r, 500.0);
}

#[test]
fn downloader_two_waves_and_completion_order() {
    let r = run("threadpool-downloader", &[], "");
    let texts = r.trace.texts();
    assert_eq!(texts[0], "=== 并发下载器示例 ===");
    assert_eq!(lines_with(&r, "线程 ").len(), 5);
    assert_eq!(set(&lines_with(&r, "下载完成 file")), (1..=5).map(|i| format!("下载完成 file{i}.txt, 大小: 2800 字节")).collect());
    assert_eq!(texts[11], "下载完成，总大小: 14000 字节");
    // The list is in completion order: the first wave (files 1-3) before the second (4, 5).
    let list = texts[12].strip_prefix("下载文件: [").and_then(|s| s.strip_suffix(']')).unwrap();
    let files: Vec<&str> = list.split(", ").collect();
    assert_eq!(set(&files[..3]), set(&["'file1.txt'", "'file2.txt'", "'file3.txt'"]), "{files:?}");
    assert_eq!(set(&files[3..]), set(&["'file4.txt'", "'file5.txt'"]), "{files:?}");
    assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-0_"), 3);
    for i in 1..=3 {
        assert!(near(r.trace.time_of(&format!("下载完成 file{i}.txt, 大小: 2800 字节")).unwrap(), 500.0));
    }
    assert_timing(&r, 1000.0);

    // Longer URLs from file10 on: 9 × 2800 + 3 × 2900.
    let r = run("threadpool-downloader", &[("workers", "6"), ("files", "12"), ("delay", "0.1")], "");
    assert!(r.trace.texts().contains(&"下载完成，总大小: 33900 字节"));
    assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-0_"), 6);
    assert_timing(&r, 200.0);
}

#[test]
fn thread_counts_are_checked_against_the_page() {
    let env = Env { workers: Some(4), cores: 2 };
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], bool);
    let cases: &[Case] = &[
        ("thread-basic", &[("threads", "3")], true),
        ("thread-basic", &[("threads", "4")], false),
        ("thread-local", &[("threads", "4")], false),
        ("thread-subclass", &[("threads", "4")], false),
        ("threadpool-map-square", &[("workers", "3")], true),
        ("threadpool-map-square", &[("workers", "4")], false),
        ("threadpool-downloader", &[("workers", "4")], false),
        ("threadpool-as-completed-timeout", &[("workers", "4")], false),
        ("thread-queue-multi-producer", &[("producers", "2"), ("consumers", "1")], true),
        ("thread-queue-multi-producer", &[("producers", "2"), ("consumers", "2")], false),
    ];
    for (id, params, ok) in cases {
        let lesson = lessons::find(id).unwrap();
        let raw: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let (values, problems) = parse_values(lesson, &raw);
        assert!(problems.is_empty());
        let problems = (lesson.check)(&values, "", &env);
        assert_eq!(problems.is_empty(), *ok, "{id} {params:?}: {problems:?}");
    }
}

#[test]
fn every_lesson_of_the_group_runs_with_its_defaults_and_has_full_listings() {
    use concurrency_playground::core::lesson::{render_listing, Values};
    let group = lessons::threads_more::LESSONS;
    assert_eq!(group.len(), 11);
    for lesson in group {
        let values = Values::defaults(lesson);
        let mut used = BTreeSet::new();
        for v in lesson.variants {
            let r = run_any(lesson.id, &[], v.key);
            let crash_expected = lesson.id == "thread-subclass" && v.key == "published";
            if crash_expected {
                assert!(matches!(r.outcome, Outcome::Error(RunError::Py { .. })), "{} {}", lesson.id, v.key);
            } else {
                assert_eq!(r.outcome, Outcome::Done, "{} {}", lesson.id, v.key);
                assert!(!r.trace.lines.is_empty(), "{} {} printed nothing", lesson.id, v.key);
                let predicted = r.predicted_ms.expect("a timing model");
                assert!(r.elapsed_ms >= predicted - 1.0 && r.elapsed_ms <= predicted + SLACK_MS, "{} {}: {} vs {predicted}", lesson.id, v.key, r.elapsed_ms);
            }
            let text = render_listing(lesson, v.key, &values);
            assert!(!text.contains("{{"), "{} {}: unknown slot", lesson.id, v.key);
            for p in lesson.params {
                if (lesson.listing)(v.key).contains(&format!("{{{{{}}}}}", p.name)) {
                    used.insert(p.name);
                }
            }
            assert!(!v.label.en.is_empty() && !v.label.zh.is_empty(), "{} {}: labels in both languages", lesson.id, v.key);
            if !v.key.is_empty() {
                assert!(!v.about.en.is_empty() && !v.about.zh.is_empty(), "{} {}: about in both languages", lesson.id, v.key);
            }
        }
        assert_eq!(used.len(), lesson.params.len(), "{}: every parameter has a slot", lesson.id);
        assert!(lesson.variants[0].key.is_empty());
        for t in [lesson.title, lesson.concept, lesson.expect] {
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{}", lesson.id);
        }
        for p in lesson.params {
            assert!(!p.label.en.is_empty() && !p.label.zh.is_empty() && p.min <= p.default && p.default <= p.max, "{} {}", lesson.id, p.name);
        }
    }
}

/// Runs `main` as the MainThread of a fresh run and hands back its result; `stop` is the run's
/// stop flag.
fn on_threads<T: Send + 'static>(
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    main: impl FnOnce(&concurrency_playground::core::threads::Th) -> Result<T, RunError> + Send + 'static,
) -> Result<T, RunError> {
    use concurrency_playground::core::threads::{NativeThreads, Rt};
    let _turn = REAL_THREADS.lock().unwrap_or_else(|p| p.into_inner());
    let rt = Rt::new(NativeThreads::new(), concurrency_playground::core::trace::null_sink(), stop, true);
    let (tx, rx) = std::sync::mpsc::channel();
    let out = std::sync::Arc::new(Mutex::new(None));
    let o = out.clone();
    rt.run_main(
        move |th| {
            let r = main(th)?;
            *o.lock().unwrap() = Some(r);
            Ok(())
        },
        move |r, _| {
            let _ = tx.send(r);
        },
    );
    rx.recv_timeout(std::time::Duration::from_secs(20)).expect("the run ended")?;
    let v = out.lock().unwrap().take();
    Ok(v.expect("a value"))
}

#[test]
fn as_completed_follows_completion_not_submission() {
    use concurrency_playground::core::lessons::threads_more::thread_sync::{as_completed, submit};
    use concurrency_playground::core::threads::{Th, ThreadPoolExecutor};
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (order, late) = on_threads(stop, |th| {
        let mut ex = ThreadPoolExecutor::new(th.rt(), 4, "ThreadPoolExecutor-0")?;
        let futs: Vec<_> = [0.3, 0.1, 0.2, 0.0].into_iter().enumerate().map(|(i, d)| submit(&mut ex, format!("t{i}"), move |t: &Th| t.sleep(d).map(|_| i))).collect();
        let mut order = Vec::new();
        let mut it = as_completed(&futs);
        while let Some(k) = it.next(th)? {
            assert_eq!(futs[k].result(th)?, k);
            order.push(k);
        }
        // A future finished before as_completed is called comes out at once.
        let slow = submit(&mut ex, "slow", |t: &Th| t.sleep(0.3).map(|_| "slow"));
        let t0 = th.rt().now();
        let timed_out = slow.result_timeout(th, Some(0.05))?;
        let waited = th.rt().now() - t0;
        assert!(timed_out.is_none() && (49.0..300.0).contains(&waited), "result(timeout=0.05) waited {waited}");
        assert_eq!(slow.result(th)?, "slow");
        ex.shutdown(th)?;
        Ok((order, waited))
    })
    .unwrap();
    assert_eq!(order, vec![3, 1, 2, 0]);
    assert!(late >= 49.0);
}

#[test]
fn stop_ends_a_blocked_get_promptly() {
    use concurrency_playground::core::lessons::threads_more::thread_sync::{Event, Queue};
    use std::sync::atomic::Ordering;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let s = stop.clone();
    let started = std::sync::Arc::new(Mutex::new(None));
    let st = started.clone();
    let r = on_threads(stop, move |th| {
        let q = Queue::<u32>::new("q", 0);
        let e = Event::new("e");
        assert!(!e.wait(th, Some(0.02))?);
        assert!(q.get_timeout(th, Some(0.02))?.is_none());
        // Stop the run 150 ms into a get() that nothing will ever answer.
        *st.lock().unwrap() = Some(std::time::Instant::now());
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(150));
            s.store(true, Ordering::SeqCst);
        });
        q.get(th)
    });
    assert_eq!(r, Err(RunError::Stopped));
    let waited = started.lock().unwrap().expect("the get started").elapsed();
    assert!(waited.as_millis() >= 149 && waited.as_millis() < 600, "{waited:?}");
}
