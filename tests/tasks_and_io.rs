//! The tasks-and-I/O group natively, on the virtual clock: exact lines at exact times, the model's
//! prediction equal to the measured time, timeline marks where timeouts and cancellations happen,
//! a deadlock that ends as a report, and HTTP lessons that really read the site's sample pages.
#![cfg(not(target_arch = "wasm32"))]

use concurrency_playground::core::lesson::{parse_values, RunError};
use concurrency_playground::core::lessons;
use concurrency_playground::core::runner::{run_native, Outcome, Report};
use concurrency_playground::core::trace::{MarkKind, SpanKind};

fn run_any(id: &str, params: &[(&str, &str)], variant: &str) -> Report {
    let lesson = lessons::find(id).unwrap_or_else(|| panic!("no lesson {id}"));
    assert!(lesson.variant(variant).is_some(), "{id}: no variant {variant:?}");
    let raw: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let (values, problems) = parse_values(lesson, &raw);
    assert!(problems.is_empty(), "{id}: {problems:?}");
    run_native(lesson, &values, variant)
}

/// A listing run on the interpreter ends in CPython's whole traceback (the corpus compares it with
/// CPython's); here only the exception it ends with matters.
fn exception_of(outcome: &Outcome) -> Outcome {
    match outcome {
        Outcome::Error(e @ RunError::Traceback(_)) => {
            let (kind, message) = e.exception().unwrap_or_default();
            Outcome::Error(RunError::py(&kind, message))
        }
        other => other.clone(),
    }
}

/// The exact lines, each at its exact time; the outcome; elapsed == predicted.
fn check(id: &str, params: &[(&str, &str)], variant: &str, expected: &[(f64, &str)], elapsed: f64, outcome: Outcome) -> Report {
    let r = run_any(id, params, variant);
    let got: Vec<(f64, &str)> = r.trace.lines.iter().map(|l| (l.t, l.text.as_str())).collect();
    assert_eq!(got, expected, "{id} {params:?} {variant:?}");
    assert_eq!(exception_of(&r.outcome), outcome, "{id} {params:?} {variant:?}");
    assert_eq!(r.elapsed_ms, elapsed, "{id} {params:?} {variant:?} elapsed");
    assert_eq!(r.predicted_ms, Some(elapsed), "{id} {params:?} {variant:?}: the model predicts what the virtual clock measures");
    r
}

fn done(id: &str, params: &[(&str, &str)], variant: &str, expected: &[(f64, &str)], elapsed: f64) -> Report {
    check(id, params, variant, expected, elapsed, Outcome::Done)
}

fn marks(r: &Report, kind: MarkKind) -> Vec<(f64, String)> {
    r.trace.marks.iter().filter(|m| m.kind == kind).map(|m| (m.t, m.label.clone())).collect()
}

fn owned(v: &[(f64, String)]) -> Vec<(f64, &str)> {
    v.iter().map(|(t, s)| (*t, s.as_str())).collect()
}

// ---------------------------------------------------------------- timeouts, cancellation, errors

#[test]
fn wait_for_times_out_and_cancels_the_inner_task() {
    let r = done("wait-for-timeout", &[], "", &[(0.0, "Task started"), (2000.0, "Task timed out")], 2000.0);
    assert_eq!(marks(&r, MarkKind::Timeout).len(), 1);
    assert_eq!(marks(&r, MarkKind::Timeout)[0].0, 2000.0);
    assert_eq!(marks(&r, MarkKind::Cancel), vec![(2000.0, "Task-2 long_running_task() cancelled".to_string())]);
    // The inner task's bar ends when it is cancelled, not when its 5 s of work would have ended.
    let bar = r.trace.spans_of(SpanKind::Task).find(|s| s.label == "Task-2 long_running_task()").expect("a bar for the task");
    assert_eq!((bar.start, bar.end), (0.0, Some(2000.0)));

    // A timeout longer than the work: the result comes back, no timeout, no cancel.
    let r = done(
        "wait-for-timeout",
        &[("work", "1.5"), ("timeout", "3")],
        "",
        &[(0.0, "Task started"), (1500.0, "Task completed"), (1500.0, "Task result")],
        1500.0,
    );
    assert!(r.trace.marks.is_empty(), "{:?}", r.trace.marks);
    // A tie goes to the timeout.
    done("wait-for-timeout", &[("work", "1"), ("timeout", "1")], "", &[(0.0, "Task started"), (1000.0, "Task timed out")], 1000.0);
}

#[test]
fn task_cancel_raises_in_the_task_and_in_whoever_awaits_it() {
    let r = done(
        "task-cancel",
        &[],
        "",
        &[(0.0, "Task started"), (2000.0, "Task was cancelled"), (2000.0, "Main: Task was cancelled")],
        2000.0,
    );
    assert_eq!(marks(&r, MarkKind::Cancel), vec![(2000.0, "Task-2 long_running_task() cancelled".to_string())]);
    let bar = r.trace.spans_of(SpanKind::Task).find(|s| s.label == "Task-2 long_running_task()").expect("a bar for the task");
    assert_eq!(bar.end, Some(2000.0));
    // The except block runs in the task's own step, so its line is on the task's lane.
    let lanes: Vec<(&str, &str)> = r.trace.lines.iter().map(|l| (l.lane.as_str(), l.text.as_str())).collect();
    assert_eq!(
        lanes,
        vec![("Task-2 long_running_task()", "Task started"), ("Task-2 long_running_task()", "Task was cancelled"), ("Task-1 main()", "Main: Task was cancelled")]
    );

    done(
        "task-cancel",
        &[("work", "4"), ("after", "0.5")],
        "",
        &[(0.0, "Task started"), (500.0, "Task was cancelled"), (500.0, "Main: Task was cancelled")],
        500.0,
    );
    // The task finishes before main cancels it: cancel() does nothing, awaiting returns the result.
    let r = done("task-cancel", &[("work", "1"), ("after", "3")], "", &[(0.0, "Task started"), (1000.0, "Task completed")], 3000.0);
    assert!(marks(&r, MarkKind::Cancel).is_empty());
}

#[test]
fn exceptions_are_caught_or_returned_as_values() {
    done(
        "asyncio-exception-gather",
        &[],
        "",
        &[(500.0, "捕获异常：出错"), (1000.0, "任务失败： 出错"), (1000.0, "任务失败： 出错"), (1000.0, "任务失败： 出错")],
        1000.0,
    );
    done(
        "asyncio-exception-gather",
        &[("tasks", "5"), ("delay", "0")],
        "",
        &[(0.0, "捕获异常：出错"), (0.0, "任务失败： 出错"), (0.0, "任务失败： 出错"), (0.0, "任务失败： 出错"), (0.0, "任务失败： 出错"), (0.0, "任务失败： 出错")],
        0.0,
    );
    // Without return_exceptions the first ValueError escapes main.
    let raised = Outcome::Error(RunError::py("ValueError", "出错"));
    check("asyncio-exception-gather", &[], "raise", &[(500.0, "捕获异常：出错")], 1000.0, raised.clone());
    check("asyncio-exception-gather", &[("tasks", "2"), ("delay", "1.25")], "raise", &[(1250.0, "捕获异常：出错")], 2500.0, raised);

    // Each exception that ends a task is marked on the timeline, when it ended the task: the three
    // gathered tasks at 1 s. The first raise, at 0.5 s, is caught by main, whose task goes on.
    let lesson = lessons::find("asyncio-exception-gather").unwrap();
    let r = run_native(lesson, &concurrency_playground::core::lesson::Values::defaults(lesson), "");
    let errors: Vec<f64> = r.trace.marks.iter().filter(|m| m.kind == MarkKind::Error).map(|m| m.t).collect();
    assert_eq!(errors, [1000.0, 1000.0, 1000.0], "one mark per task that raised: {:?}", r.trace.marks);
}

#[test]
fn each_task_sees_its_own_context_variable() {
    done("contextvars-request-id", &[], "", &[(500.0, "处理请求 1"), (500.0, "处理请求 2")], 500.0);
    let expected: Vec<(f64, String)> = (1..=4).map(|i| (2000.0, format!("处理请求 {i}"))).collect();
    done("contextvars-request-id", &[("requests", "4"), ("delay", "2")], "", &owned(&expected), 2000.0);
    // A global is overwritten by the last request before anyone reads it.
    done("contextvars-request-id", &[], "global", &[(500.0, "处理请求 2"), (500.0, "处理请求 2")], 500.0);
    let expected: Vec<(f64, String)> = (1..=4).map(|_| (2000.0, "处理请求 4".to_string())).collect();
    done("contextvars-request-id", &[("requests", "4"), ("delay", "2")], "global", &owned(&expected), 2000.0);
}

// ---------------------------------------------------------------- queues

#[test]
fn queue_with_three_consumers_hands_each_item_over_once_in_order() {
    let expected = [
        (200.0, "Produced item_0"),
        (400.0, "Produced item_1"),
        (600.0, "Produced item_2"),
        (800.0, "Consumer C_0 consumed item_0"),
        (800.0, "Produced item_3"),
        (1000.0, "Consumer C_1 consumed item_1"),
        (1000.0, "Produced item_4"),
        (1200.0, "Consumer C_2 consumed item_2"),
        (1200.0, "Produced item_5"),
        (1400.0, "Consumer C_0 consumed item_3"),
        (1400.0, "Produced item_6"),
        (1600.0, "Consumer C_1 consumed item_4"),
        (1600.0, "Produced item_7"),
        (1800.0, "Consumer C_2 consumed item_5"),
        (1800.0, "Produced item_8"),
        (2000.0, "Consumer C_0 consumed item_6"),
        (2000.0, "Produced item_9"),
        (2200.0, "Consumer C_1 consumed item_7"),
        (2400.0, "Consumer C_2 consumed item_8"),
        (2600.0, "Consumer C_0 consumed item_9"),
    ];
    let r = done("asyncio-queue-3-consumers", &[], "", &expected, 2600.0);
    // The consumers left through their sentinels: nothing was cancelled at the end.
    assert!(marks(&r, MarkKind::Cancel).is_empty(), "{:?}", r.trace.marks);

    // Faster consumers than producer: two consumers take turns (the queue serves waiting getters first come, first served).
    let params = [("items", "4"), ("consumers", "2"), ("produce", "0.5"), ("consume", "0.25")];
    let expected = [
        (500.0, "Produced item_0"),
        (750.0, "Consumer C_0 consumed item_0"),
        (1000.0, "Produced item_1"),
        (1250.0, "Consumer C_1 consumed item_1"),
        (1500.0, "Produced item_2"),
        (1750.0, "Consumer C_0 consumed item_2"),
        (2000.0, "Produced item_3"),
        (2250.0, "Consumer C_1 consumed item_3"),
    ];
    done("asyncio-queue-3-consumers", &params, "", &expected, 2250.0);

    // A backlog: one slow consumer, items pile up; still FIFO and each exactly once.
    let params = [("items", "6"), ("consumers", "1"), ("produce", "0.1"), ("consume", "1")];
    let r = run_any("asyncio-queue-3-consumers", &params, "");
    assert_eq!(r.outcome, Outcome::Done);
    let consumed: Vec<(f64, &str)> = r.trace.lines.iter().filter(|l| l.text.starts_with("Consumer")).map(|l| (l.t, l.text.as_str())).collect();
    let want: Vec<(f64, String)> = (0..6).map(|i| (100.0 + 1000.0 * (i as f64 + 1.0), format!("Consumer C_0 consumed item_{i}"))).collect();
    assert_eq!(consumed, owned(&want));
    assert_eq!((r.elapsed_ms, r.predicted_ms), (6100.0, Some(6100.0)));
}

#[test]
fn the_published_queue_program_ends_as_a_deadlock_report() {
    let r = run_any("asyncio-queue-3-consumers", &[], "deadlock");
    let Outcome::Deadlock { at_ms, waiting } = &r.outcome else { panic!("expected a deadlock, got {:?}", r.outcome) };
    assert_eq!(*at_ms, 2600.0);
    let who: Vec<(&str, &str)> = waiting.iter().map(|w| (w.task.as_str(), w.on.as_str())).collect();
    assert_eq!(
        who,
        [
            ("Task-1 main()", "gather()"),
            ("Task-3 consumer()", "queue.get() on an empty queue"),
            ("Task-4 consumer()", "queue.get() on an empty queue"),
            ("Task-5 consumer()", "queue.get() on an empty queue"),
        ]
    );
    // Everything up to the deadlock happened as in the corrected program: ten items, each once.
    let consumed = r.trace.texts().iter().filter(|t| t.starts_with("Consumer")).count();
    assert_eq!((r.trace.lines.len(), consumed), (20, 10));
    assert_eq!(r.trace.lines.last().map(|l| (l.t, l.text.as_str())), Some((2600.0, "Consumer C_0 consumed item_9")));
    assert_eq!((r.elapsed_ms, r.predicted_ms), (2600.0, Some(2600.0)));

    let r = run_any("asyncio-queue-3-consumers", &[("items", "2"), ("consumers", "2"), ("produce", "1"), ("consume", "0.5")], "deadlock");
    let got: Vec<(f64, &str)> = r.trace.lines.iter().map(|l| (l.t, l.text.as_str())).collect();
    assert_eq!(
        got,
        [(1000.0, "Produced item_0"), (1500.0, "Consumer C_0 consumed item_0"), (2000.0, "Produced item_1"), (2500.0, "Consumer C_1 consumed item_1")]
    );
    let Outcome::Deadlock { at_ms, waiting } = &r.outcome else { panic!("expected a deadlock, got {:?}", r.outcome) };
    assert_eq!(*at_ms, 2500.0);
    let tasks: Vec<&str> = waiting.iter().map(|w| w.task.as_str()).collect();
    assert_eq!(tasks, ["Task-1 main()", "Task-3 consumer()", "Task-4 consumer()"]);
    assert_eq!(r.predicted_ms, Some(2500.0));
}

#[test]
fn queue_join_then_cancel_the_endless_consumer() {
    let mut expected: Vec<(f64, String)> = Vec::new();
    for i in 0..5 {
        expected.push((1000.0 * i as f64, format!("Produced {i}")));
        expected.push((1000.0 * i as f64, format!("Consumed {i}")));
    }
    let r = done("asyncio-queue-cancel-consumer", &[], "", &owned(&expected), 5000.0);
    assert_eq!(marks(&r, MarkKind::Cancel), vec![(5000.0, "Task-3 consumer() cancelled".to_string())]);
    // Without a slow consumer, leaving out join() changes nothing.
    done("asyncio-queue-cancel-consumer", &[], "no-join", &owned(&expected), 5000.0);

    let slow = [("items", "5"), ("interval", "1"), ("work", "1.5")];
    let expected = [
        (0.0, "Produced 0"),
        (1000.0, "Produced 1"),
        (1500.0, "Consumed 0"),
        (2000.0, "Produced 2"),
        (3000.0, "Consumed 1"),
        (3000.0, "Produced 3"),
        (4000.0, "Produced 4"),
        (4500.0, "Consumed 2"),
        (6000.0, "Consumed 3"),
        (7500.0, "Consumed 4"),
    ];
    let r = done("asyncio-queue-cancel-consumer", &slow, "", &expected, 7500.0);
    assert_eq!(marks(&r, MarkKind::Cancel), vec![(7500.0, "Task-3 consumer() cancelled".to_string())]);
    // No join: the consumer is cancelled mid-item at 5 s; items 3 and 4 are never consumed.
    let r = done("asyncio-queue-cancel-consumer", &slow, "no-join", &expected[..8], 5000.0);
    assert_eq!(marks(&r, MarkKind::Cancel), vec![(5000.0, "Task-3 consumer() cancelled".to_string())]);

    let expected: Vec<(f64, String)> = (0..3).flat_map(|i| [(250.0 * i as f64, format!("Produced {i}")), (250.0 * i as f64, format!("Consumed {i}"))]).collect();
    done("asyncio-queue-cancel-consumer", &[("items", "3"), ("interval", "0.25")], "", &owned(&expected), 750.0);
}

// ---------------------------------------------------------------- real HTTP: the site's sample pages

/// Sample page `i` as the site serves it (read here straight from `www/`).
fn page(i: usize) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("www/samples/page{i}.html"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The lines Python's `print(text)` writes, at time `t`.
fn printed(t: f64, text: &str) -> Vec<(f64, String)> {
    text.split('\n').map(|l| (t, l.to_string())).collect()
}

#[test]
fn gather_fetch_really_fetches_five_pages_in_one_latency() {
    let chars: usize = (1..=5).map(|i| page(i).chars().count()).sum();
    assert!(page(3).contains("<title>Sample page 3</title>"));
    let count = format!("共 {chars} 个字符");
    let r = done("asyncio-gather-fetch", &[], "", &[(500.0, "获取5个页面"), (500.0, count.as_str())], 500.0);
    // Five requests in flight at once: five fetch bars, all from 0 to one latency.
    let bars: Vec<(f64, Option<f64>)> = r.trace.spans_of(SpanKind::Task).filter(|s| s.label.ends_with(" fetch()")).map(|s| (s.start, s.end)).collect();
    assert_eq!(bars, vec![(0.0, Some(500.0)); 5]);
    done("asyncio-gather-fetch", &[], "sequential", &[(2500.0, "获取5个页面"), (2500.0, count.as_str())], 2500.0);

    let chars: usize = (1..=2).map(|i| page(i).chars().count()).sum();
    let count = format!("共 {chars} 个字符");
    done("asyncio-gather-fetch", &[("pages", "2"), ("latency", "1.5")], "", &[(1500.0, "获取2个页面"), (1500.0, count.as_str())], 1500.0);
    done("asyncio-gather-fetch", &[("pages", "2"), ("latency", "1.5")], "sequential", &[(3000.0, "获取2个页面"), (3000.0, count.as_str())], 3000.0);
}

#[test]
fn aiohttp_fetch_page_prints_the_whole_page() {
    let html = page(1);
    assert!(html.contains("<title>Sample page 1</title>"));
    let r = done("aiohttp-fetch-page", &[], "", &owned(&printed(500.0, &html)), 500.0);
    assert!(r.trace.texts().iter().any(|l| l.contains("<title>Sample page 1</title>")));
    assert_eq!(r.trace.texts().last(), Some(&""), "print(html) adds its own newline after the page's");

    let html = page(4);
    assert!(html.contains("Sample page 4"));
    done("aiohttp-fetch-page", &[("page", "4"), ("latency", "2")], "", &owned(&printed(2000.0, &html)), 2000.0);
}

#[test]
fn aiohttp_session_gather_prints_the_start_of_each_page_in_url_order() {
    let head = |i: usize, n: usize| page(i).chars().take(n).collect::<String>();
    let expected: Vec<(f64, String)> = (1..=3).flat_map(|i| printed(500.0, &head(i, 100))).collect();
    let r = done("aiohttp-session-gather", &[], "", &owned(&expected), 500.0);
    let titles: Vec<&str> = r.trace.texts().into_iter().filter(|l| l.contains("<title>")).collect();
    assert_eq!(titles.len(), 3, "the first 100 characters reach into each page's title line: {titles:?}");
    assert!(titles[0].contains("Sample page 1") && titles[1].contains("Sample page 2") && titles[2].contains("Sample page 3"));

    let expected: Vec<(f64, String)> = (1..=5).flat_map(|i| printed(250.0, &head(i, 20))).collect();
    done("aiohttp-session-gather", &[("pages", "5"), ("chars", "20"), ("latency", "0.25")], "", &owned(&expected), 250.0);
}

#[test]
fn aiohttp_create_task_prints_every_page_in_url_order() {
    let expected: Vec<(f64, String)> = (1..=3).flat_map(|i| printed(500.0, &page(i))).collect();
    let r = done("aiohttp-create-task-3urls", &[], "", &owned(&expected), 500.0);
    let titles: Vec<&str> = r.trace.texts().into_iter().filter(|l| l.starts_with("<h1>")).collect();
    assert_eq!(titles, ["<h1>Sample page 1</h1>", "<h1>Sample page 2</h1>", "<h1>Sample page 3</h1>"]);

    let expected: Vec<(f64, String)> = (1..=5).flat_map(|i| printed(3000.0, &page(i))).collect();
    done("aiohttp-create-task-3urls", &[("pages", "5"), ("latency", "3")], "", &owned(&expected), 3000.0);
}

// ---------------------------------------------------------------- TCP echo, modelled as byte streams

/// As CPython runs the listing: `write()` sends at once, so the server receives and answers at
/// 0 s, and only the sleeps standing in for the network take time: the run lasts one latency.
/// (`tests/python/asyncio/streams_write_sends_at_once.py` records CPython doing this; timed with
/// python3, this listing printed "Received" at 0.01 s and ended at 0.51 s.)
#[test]
fn tcp_echo_server_serves_its_clients_and_ends() {
    let r = done(
        "tcp-echo-server",
        &[],
        "",
        &[
            (0.0, "Serving on ('127.0.0.1', 8888)"),
            (0.0, "Client sends: Hello 0"),
            (0.0, "Received Hello 0 from ('127.0.0.1', 50000)"),
            (0.0, "Send: Hello 0"),
            (500.0, "Client received: Hello 0"),
            (500.0, "Close the connection"),
        ],
        500.0,
    );
    // The server closed on the way out of `async with`: nothing was cancelled at the end.
    assert!(marks(&r, MarkKind::Cancel).is_empty(), "{:?}", r.trace.marks);
    let handlers: Vec<(f64, Option<f64>)> = r.trace.spans_of(SpanKind::Task).filter(|s| s.label.ends_with(" handle_client()")).map(|s| (s.start, s.end)).collect();
    assert_eq!(handlers, [(0.0, Some(500.0))], "one handler task per connection");

    // Two clients at once, each served by a handler task of its own: still one latency.
    let r = done(
        "tcp-echo-server",
        &[("clients", "2"), ("latency", "0.2")],
        "",
        &[
            (0.0, "Serving on ('127.0.0.1', 8888)"),
            (0.0, "Client sends: Hello 0"),
            (0.0, "Client sends: Hello 1"),
            (0.0, "Received Hello 0 from ('127.0.0.1', 50000)"),
            (0.0, "Send: Hello 0"),
            (0.0, "Received Hello 1 from ('127.0.0.1', 50001)"),
            (0.0, "Send: Hello 1"),
            (200.0, "Client received: Hello 0"),
            (200.0, "Client received: Hello 1"),
            (200.0, "Close the connection"),
            (200.0, "Close the connection"),
        ],
        200.0,
    );
    assert_eq!(r.trace.spans_of(SpanKind::Task).filter(|s| s.label.ends_with(" handle_client()")).count(), 2);

    // The published server: no client, serve_forever(). CPython prints the address and waits
    // forever (tests/python/HANGS); here the run ends at once as a deadlock that says so.
    let r = run_any("tcp-echo-server", &[], "serve-forever");
    assert_eq!(r.trace.texts(), ["Serving on ('127.0.0.1', 8888)"]);
    match &r.outcome {
        Outcome::Deadlock { at_ms, waiting } => {
            assert_eq!(*at_ms, 0.0);
            assert_eq!(waiting.len(), 1, "{waiting:?}");
            assert!(waiting[0].task == "Task-1 main()" && waiting[0].on.starts_with("server.serve_forever()"), "{waiting:?}");
        }
        other => panic!("the published server should end as a deadlock, not {other:?}"),
    }
}
