//! Every lesson and variant, natively: event-loop lessons on the virtual clock (exact times),
//! thread lessons on real OS threads (results, lanes, the GIL's one-at-a-time property).
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Mutex;

use concurrency_playground::core::lesson::{parse_values, render_listing, Env, RunError, Values};
use concurrency_playground::core::lessons;
use concurrency_playground::core::runner::{run_native, Outcome, Report};
use concurrency_playground::core::trace::{Span, SpanKind, Trace};

/// Thread lessons measure wall time; running two at once on a 2-core machine would distort the
/// shapes they assert, so they take turns.
static REAL_THREADS: Mutex<()> = Mutex::new(());

fn run(id: &str, params: &[(&str, &str)], variant: &str) -> Report {
    let lesson = lessons::find(id).unwrap_or_else(|| panic!("no lesson {id}"));
    let raw: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let (values, problems) = parse_values(lesson, &raw);
    assert!(problems.is_empty(), "{id}: {problems:?}");
    let _turn = lesson.uses_threads().then(|| REAL_THREADS.lock().unwrap_or_else(|p| p.into_inner()));
    let report = run_native(lesson, &values, variant);
    // A defect variant may end in the exception the published program raises, or in the deadlock
    // it walks into; its own test says which.
    let defect_raised = !variant.is_empty() && matches!(report.outcome, Outcome::Error(RunError::Py { .. } | RunError::Traceback(_)) | Outcome::Deadlock { .. });
    assert!(report.outcome == Outcome::Done || defect_raised, "{id} {variant}: {:?} {:?}", report.outcome, report.trace.texts());
    report
}

/// Event-loop lessons on the virtual clock: the exact lines, each at its exact time.
fn check_exact(id: &str, params: &[(&str, &str)], variant: &str, expected: &[(f64, &str)], elapsed: f64) {
    let r = run(id, params, variant);
    let got: Vec<(f64, &str)> = r.trace.lines.iter().map(|l| (l.t, l.text.as_str())).collect();
    assert_eq!(got, expected, "{id} {params:?} {variant}");
    assert_eq!(r.elapsed_ms, elapsed, "{id} elapsed");
    assert_eq!(r.predicted_ms, Some(elapsed), "{id}: the model predicts what the virtual clock measures");
}

#[test]
fn hello_sleep_world() {
    check_exact("hello-sleep-world", &[], "", &[(0.0, "Hello"), (1000.0, "world")], 1000.0);
    check_exact("hello-sleep-world", &[("delay", "0.25")], "", &[(0.0, "Hello"), (250.0, "world")], 250.0);
}

#[test]
fn gather_overlaps_waits_and_keeps_argument_order() {
    let mut expected: Vec<(f64, String)> = (0..5).map(|i| (0.0, format!("Fetching data for {i}"))).collect();
    expected.extend((0..5).map(|i| (1000.0, format!("Data for {i}"))));
    let exp: Vec<(f64, &str)> = expected.iter().map(|(t, s)| (*t, s.as_str())).collect();
    check_exact("asyncio-gather-fetch-data", &[], "", &exp, 1000.0);

    // Ten thousand waits still take one delay: the loop's time does not grow with the task count.
    let r = run("asyncio-gather-fetch-data", &[("tasks", "10000"), ("delay", "1")], "");
    assert_eq!(r.elapsed_ms, 1000.0);
    assert_eq!(r.trace.lines.len(), 20_000);
    let data: Vec<&str> = r.trace.lines[10_000..].iter().map(|l| l.text.as_str()).collect();
    assert!(data.iter().enumerate().all(|(i, t)| *t == format!("Data for {i}")), "results in argument order");
}

#[test]
fn semaphore_lets_limit_tasks_in_at_a_time() {
    let expected = [
        (0.0, "Worker 0 is starting"),
        (0.0, "Worker 1 is starting"),
        (1000.0, "Worker 0 is finished"),
        (1000.0, "Worker 1 is finished"),
        (1000.0, "Worker 2 is starting"),
        (1000.0, "Worker 3 is starting"),
        (2000.0, "Worker 2 is finished"),
        (2000.0, "Worker 3 is finished"),
        (2000.0, "Worker 4 is starting"),
        (3000.0, "Worker 4 is finished"),
    ];
    check_exact("semaphore-limit-2", &[], "", &expected, 3000.0);

    for (workers, limit, total) in [(5i32, 3i32, 2000.0), (7, 1, 7000.0), (4, 10, 1000.0), (9, 2, 5000.0)] {
        let r = run("semaphore-limit-2", &[("workers", &workers.to_string()), ("limit", &limit.to_string())], "");
        assert_eq!(r.elapsed_ms, total, "workers={workers} limit={limit}");
        assert_eq!(r.predicted_ms, Some(total));
        // Never more than `limit` inside the block, read from the printed lines.
        let mut inside = 0i32;
        for l in &r.trace.lines {
            inside += if l.text.ends_with("starting") { 1 } else { -1 };
            assert!(inside <= limit, "{inside} inside at {} ms", l.t);
        }
        // Waiters were handed permits, and the timeline marks each hand-over.
        assert_eq!(r.trace.marks.len(), (workers - limit).max(0) as usize);
    }
}

#[test]
fn time_sleep_freezes_the_loop() {
    let published = [
        (0.0, "Using asyncio.sleep:"),
        (0.0, "Task starts (asyncio.sleep)"),
        (2000.0, "Task ends (asyncio.sleep)"),
        (2000.0, ""),
        (2000.0, "Using time.sleep:"),
        (2000.0, "Task starts (time.sleep)"),
        (4000.0, "Task ends (time.sleep)"),
    ];
    check_exact("time-sleep-blocks-loop", &[], "", &published, 4000.0);

    let r = run("time-sleep-blocks-loop", &[], "ticker");
    let ticks: Vec<f64> = r.trace.lines.iter().filter(|l| l.text.starts_with("tick")).map(|l| l.t).collect();
    assert_eq!(ticks, vec![500.0, 1000.0, 1500.0], "ticks during asyncio.sleep, none while time.sleep blocks");
    assert_eq!(r.elapsed_ms, 4000.0);
    let blocked: Vec<&Span> = r.trace.spans_of(SpanKind::Blocked).collect();
    assert_eq!(blocked.len(), 1);
    assert_eq!((blocked[0].start, blocked[0].end), (2000.0, Some(4000.0)));

    // A shorter tick shows the same shape: the ticker is never heard from inside the frozen stretch.
    let r = run("time-sleep-blocks-loop", &[("delay", "1"), ("tick", "0.3")], "ticker");
    let ticks: Vec<f64> = r.trace.lines.iter().filter(|l| l.text.starts_with("tick")).map(|l| l.t).collect();
    assert_eq!(ticks.len(), 3);
    assert!(ticks.iter().all(|t| *t <= 1000.0), "{ticks:?}");
}

/// The largest number of Task bars open at once among lanes whose name starts with `prefix`.
fn max_concurrent(trace: &Trace, prefix: &str) -> usize {
    let mut edges: Vec<(f64, i32)> = Vec::new();
    for s in trace.spans_of(SpanKind::Task).filter(|s| s.lane.starts_with(prefix)) {
        edges.push((s.start, 1));
        edges.push((s.end.unwrap_or(f64::MAX), -1));
    }
    // Ends before starts at the same instant: a task that finishes lets the next one in.
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut max) = (0, 0);
    for (_, d) in edges {
        now += d;
        max = max.max(now);
    }
    max as usize
}

fn lanes(trace: &Trace, prefix: &str) -> usize {
    trace.lanes.iter().filter(|l| l.starts_with(prefix)).count()
}

#[test]
fn threadpool_basics_on_real_threads() {
    let r = run("threadpool-basics", &[], "");
    let texts = r.trace.texts();
    assert_eq!(texts[0], "=== 线程池基础操作 ===");
    let mut tasks: Vec<u32> = texts[1..11].iter().map(|t| t.rsplit(' ').next().unwrap().parse().unwrap()).collect();
    tasks.sort();
    assert_eq!(tasks, (0..10).collect::<Vec<_>>(), "every map task ran once: {texts:?}");
    assert_eq!(texts[11], "结果: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]");
    assert_eq!(texts[13], "单个任务结果: 25");
    assert_eq!(texts[19], "多个任务结果: [0, 1, 4, 9, 16]");
    // Pools of exactly 4, 1 (started on demand for a single submit) and 3 threads.
    assert_eq!(lanes(&r.trace, "ThreadPoolExecutor-0_"), 4);
    assert_eq!(lanes(&r.trace, "ThreadPoolExecutor-1_"), 1);
    assert_eq!(lanes(&r.trace, "ThreadPoolExecutor-2_"), 3);
    assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-0_"), 4);
    assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-2_"), 3);
    // Timing shape: sleeps cannot finish early, and waves keep the total near the model.
    let predicted = r.predicted_ms.unwrap();
    assert_eq!(predicted, 600.0);
    assert!(r.elapsed_ms >= predicted && r.elapsed_ms < predicted * 1.5 + 100.0, "elapsed {}", r.elapsed_ms);
    let t_map = r.trace.time_of("结果: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]").unwrap();
    assert!((300.0..450.0).contains(&t_map), "map ends after 3 waves: {t_map}");

    let r = run("threadpool-basics", &[("workers", "2"), ("tasks", "5"), ("delay", "0.05")], "");
    assert_eq!(r.trace.texts()[6], "结果: [0, 1, 4, 9, 16]");
    assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-0_"), 2);
    assert_eq!(r.predicted_ms, Some((3.0 + 1.0 + 2.0) * 50.0));
    assert!(r.elapsed_ms >= 300.0, "{}", r.elapsed_ms);
}

fn final_counter(r: &Report) -> i64 {
    let last = r.trace.lines.last().expect("a final line").text.clone();
    last.strip_prefix("Final counter value: ").and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{last}"))
}

#[test]
fn lock_counter_with_and_without_the_lock() {
    let r = run("lock-counter", &[("threads", "300")], "");
    assert_eq!(final_counter(&r), 300);
    // The lock really serialised the pauses, and every waiting thread got it handed over.
    assert!(r.elapsed_ms >= 300.0, "{}", r.elapsed_ms);
    assert!(!r.trace.marks.is_empty());
    assert_eq!(r.predicted_ms, Some(300.0));

    let r = run("lock-counter", &[("threads", "300"), ("pause", "0.002")], "no-lock");
    let n = final_counter(&r);
    assert!(n < 300 && n >= 1, "real threads overwrite each other's updates: {n}");
    assert!(r.trace.marks.is_empty(), "no lock, no hand-overs");
}

#[test]
fn the_gil_lets_one_thread_compute_at_a_time() {
    // fib(32) takes milliseconds, long enough that starting a thread does not hide the overlap.
    let r = run("gil-fib-compare", &[("n", "32"), ("tasks", "4"), ("threads", "2")], "");
    let texts = r.trace.texts();
    assert!(texts[0].starts_with("sequential: "), "{texts:?}");
    assert_eq!(texts[1], "4 x fib(32) = 2178309");
    assert!(texts[3].starts_with("speed-up with the GIL: "));
    assert!(texts[5].starts_with("speed-up without the GIL: "));
    assert!(texts[6].starts_with("processes: "));
    assert!(texts[7].starts_with("speed-up with processes: "));
    let keys: Vec<&str> = r.trace.phases.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["seq", "gil", "no-gil", "processes"]);
    // The processes arm ran its calls in two worker processes, each on a lane of its own.
    let proc_lanes: std::collections::BTreeSet<&str> = r.trace.spans_of(SpanKind::Task).filter(|s| s.label == "fib(32)" && s.lane.starts_with("SpawnProcess-")).map(|s| s.lane.as_str()).collect();
    assert_eq!(proc_lanes.len(), 2, "{proc_lanes:?}");
    assert!(r.predicted_ms.is_some(), "the model calibrates on the sequential phase");

    // One at a time: GIL bars, sorted by start, never overlap (read from the trace).
    let mut gil: Vec<(f64, f64, String)> = r.trace.spans_of(SpanKind::Gil).map(|s| (s.start, s.end.unwrap(), s.lane.clone())).collect();
    gil.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(gil.len() > 2, "the GIL changed hands: {}", gil.len());
    for w in gil.windows(2) {
        assert!(w[1].0 >= w[0].1 - 1e-6, "{} held the GIL until {} but {} took it at {}", w[0].2, w[0].1, w[1].2, w[1].0);
    }
    // Both pool threads took turns holding it.
    let holders: std::collections::BTreeSet<&str> = gil.iter().map(|g| g.2.as_str()).filter(|l| l.starts_with("ThreadPoolExecutor-0_")).collect();
    assert_eq!(holders.len(), 2);
    // Without the GIL the two threads really computed at the same time.
    if std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) >= 2 {
        assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-1_"), 2);
    }
    assert_eq!(max_concurrent(&r.trace, "ThreadPoolExecutor-0_"), 2, "with the GIL both threads are busy, taking turns");
}

#[test]
fn every_lesson_and_variant_runs_with_its_defaults() {
    for lesson in lessons::all() {
        for variant in lesson.variants {
            // Keep the CPU-bound and thousand-thread defaults short here; their own tests cover them.
            let params: &[(&str, &str)] = match lesson.id {
                "gil-fib-compare" => &[("n", "22")],
                "lock-counter" => &[("threads", "50")],
                _ => &[],
            };
            let r = run(lesson.id, params, variant.key);
            assert!(!r.trace.lines.is_empty() || r.outcome != Outcome::Done, "{} {} printed nothing", lesson.id, variant.key);
        }
    }
}

#[test]
fn listings_have_a_slot_for_every_parameter() {
    for lesson in lessons::all() {
        let values = Values::defaults(lesson);
        let mut used = std::collections::BTreeSet::new();
        for v in lesson.variants {
            let text = render_listing(lesson, v.key, &values);
            assert!(!text.contains("{{"), "{} {}: unknown slot in listing", lesson.id, v.key);
            for p in lesson.params {
                if (lesson.listing)(v.key).contains(&format!("{{{{{}}}}}", p.name)) {
                    used.insert(p.name);
                }
            }
        }
        assert_eq!(used.len(), lesson.params.len(), "{}: every parameter is editable in the listing", lesson.id);
        assert!(lesson.variants[0].key.is_empty(), "{}: the first variant is the corrected program", lesson.id);
        assert!(!lesson.concept.zh.is_empty() && !lesson.concept.en.is_empty());
    }
}

#[test]
fn bad_input_is_a_message_not_a_panic() {
    let gather = lessons::find("asyncio-gather-fetch-data").unwrap();
    let cases: &[(&str, &str, &str)] = &[
        ("tasks", "0", "between 1 and 10000"),
        ("tasks", "1000000", "between 1 and 10000"),
        ("tasks", "2.5", "whole number"),
        ("tasks", "many", "not a number"),
        ("delay", "-1", "between 0 and 60 s"),
        ("delay", "NaN", "finite"),
        ("delay", "inf", "finite"),
    ];
    for (name, value, needle) in cases {
        let (values, problems) = parse_values(gather, &[(name.to_string(), value.to_string())]);
        assert_eq!(problems.len(), 1, "{name}={value}");
        assert_eq!(problems[0].param.as_deref(), Some(*name));
        assert!(problems[0].msg.en.contains(needle), "{name}={value}: {}", problems[0].msg.en);
        assert!(!problems[0].msg.zh.is_empty());
        assert_eq!(values, Values::defaults(gather), "a bad field keeps its default");
    }
    let (_, problems) = parse_values(gather, &[("tasksx".into(), "3".into())]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].param, None, "an unknown name is a page-level message");

    // The page's worker pool bounds thread counts, with a message naming the limit.
    let pool = lessons::find("threadpool-basics").unwrap();
    let env = Env { workers: Some(4), cores: 2 };
    let (values, _) = parse_values(pool, &[("workers".into(), "4".into())]);
    let problems = (pool.check)(&values, "", &env);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].msg.en.contains("use at most 3"), "{}", problems[0].msg.en);
    let (values, _) = parse_values(pool, &[("workers".into(), "3".into())]);
    assert!((pool.check)(&values, "", &env).is_empty());
}

/// A typed value too long to be meant is refused as too long, and a refused value is quoted back
/// only by its start: a 100 KB paste must not become a 100 KB message.
#[test]
fn long_values_are_refused_and_quoted_short() {
    use concurrency_playground::core::lesson::{counted, quote, Problem, Msg, MAX_VALUE_CHARS};
    let gather = lessons::find("asyncio-gather-fetch-data").unwrap();
    for (value, needle) in [
        ("7".repeat(MAX_VALUE_CHARS + 1), "too long (201 characters, at most 200)"),
        ("x".repeat(102_418), "too long (102418 characters"),
        ("y".repeat(MAX_VALUE_CHARS), "is not a number"),
        (format!("1{}", "0".repeat(150)), "between 1 and 10000"),
    ] {
        let (_, problems) = parse_values(gather, &[("tasks".to_string(), value.clone())]);
        assert_eq!(problems.len(), 1, "{needle}");
        for text in [&problems[0].msg.en, &problems[0].msg.zh] {
            assert!(text.chars().count() < 100, "the message quotes only a prefix: {text}");
        }
        assert!(problems[0].msg.en.contains(needle), "{}", problems[0].msg.en);
    }
    assert_eq!(quote("short"), "short");
    assert_eq!(quote(&"é".repeat(30)), format!("{}…", "é".repeat(24)));

    // Identical problems are counted, in the order they first appear.
    let a = Problem::page(Msg::new("a", "甲"));
    let b = Problem::field("tasks", Msg::new("b", "乙"));
    let shown = counted(vec![a.clone(), b.clone(), a.clone(), a.clone()]);
    assert_eq!(shown, vec![(a, 3), (b, 1)]);
}

#[test]
fn chapters_have_concepts_lessons_and_a_reading_order() {
    use concurrency_playground::core::lesson::Chapter;
    let order = lessons::ordered();
    assert_eq!(order.len(), lessons::all().count(), "every lesson once in reading order");
    let ids: std::collections::BTreeSet<&str> = order.iter().map(|l| l.id).collect();
    assert_eq!(ids.len(), order.len(), "lesson ids are unique");
    for ch in Chapter::ALL {
        assert_eq!(Chapter::parse(ch.key()), Some(ch));
        assert!(!ch.concept().en.is_empty() && !ch.concept().zh.is_empty());
    }
    // Previous and next walk the order both ways.
    for w in order.windows(2) {
        assert_eq!(lessons::neighbours(w[0].id).1.map(|l| l.id), Some(w[1].id));
        assert_eq!(lessons::neighbours(w[1].id).0.map(|l| l.id), Some(w[0].id));
    }
    assert!(lessons::neighbours(order[0].id).0.is_none());
    assert!(lessons::neighbours(order[order.len() - 1].id).1.is_none());
    // Chapters come in their order: a lesson never precedes one of an earlier chapter.
    assert!(order.windows(2).all(|w| w[0].chapter <= w[1].chapter));
}

/// Every lesson id of shared/curriculum/LESSONS.md, in its row order. Ids are stable: URLs, file
/// names and tests use them.
const CURRICULUM: [&str; 57] = ["pool-map-square", "async-gen-sleep", "asyncio-gather-fetch", "thread-local", "thread-producer-consumer-sentinel", "future-submit-result", "asyncio-exception-gather", "generator-vs-coroutine-send", "mp-queue-child-message", "contextvars-request-id", "await-hello-world", "hello-sleep-world", "create-task-hello-world", "aiohttp-fetch-page", "tcp-echo-server", "asyncio-gather-fetch-data", "asyncio-queue-3-consumers", "aiohttp-session-gather", "async-iterator-class", "create-task-a2-b1", "wait-for-timeout", "task-cancel", "asyncio-run-fetch-process", "time-sleep-blocks-loop", "mp-process-basic-pid", "pool-map-square-with", "mp-shared-value-array", "mp-queue-empty-loop", "thread-basic", "threadpool-map-square", "lock-counter", "thread-queue-empty-race", "thread-subclass", "asyncio-create-task-workers", "aiohttp-create-task-3urls", "asyncio-queue-cancel-consumer", "semaphore-limit-2", "say-hello", "mp-process-4-workers", "pool-map-close-join", "mp-pipe-hello", "mp-queue-hello", "mp-shared-memory-race", "socket-ipc-loopback", "thread-two-funcs", "asyncio-foo-bar", "threadpool-basics", "threadpool-as-completed-timeout", "fib-process-pool", "process-pool-data-chunks", "thread-queue-multi-producer", "mp-worker-queues", "asyncio-gather-durations", "asyncio-fetch-then-process", "threadpool-downloader", "process-pool-batches", "gil-fib-compare", ];

#[test]
fn every_row_of_the_curriculum_is_a_lesson_and_nothing_else_is() {
    let catalogue: std::collections::BTreeSet<&str> = lessons::all().map(|l| l.id).collect();
    let curriculum: std::collections::BTreeSet<&str> = CURRICULUM.into_iter().collect();
    let missing: Vec<&&str> = curriculum.difference(&catalogue).collect();
    let extra: Vec<&&str> = catalogue.difference(&curriculum).collect();
    assert!(missing.is_empty(), "curriculum rows without a lesson: {missing:?}");
    assert!(extra.is_empty(), "lessons that are not curriculum rows: {extra:?}");
}
