//! The asyncio basics natively, on the virtual clock: every line at its exact time, the elapsed time
//! equal to the model, for the defaults and for edited parameters (the shape follows them). Also
//! the protocols written by hand: the async iterator's StopAsyncIteration and the old generator
//! coroutine's next()/send() states, with the errors Python raises.
#![cfg(not(target_arch = "wasm32"))]

use concurrency_playground::core::lesson::{parse_values, render_listing, RunError, Values};
use concurrency_playground::core::lessons;
use concurrency_playground::core::lessons::coroutines_basics::generator_vs_coroutine_send::OldCoroutine;
use concurrency_playground::core::runner::{run_native, Outcome, Report};
use concurrency_playground::core::trace::SpanKind;

const IDS: [&str; 12] = [
    "await-hello-world",
    "say-hello",
    "create-task-hello-world",
    "asyncio-foo-bar",
    "asyncio-create-task-workers",
    "create-task-a2-b1",
    "asyncio-run-fetch-process",
    "asyncio-gather-durations",
    "asyncio-fetch-then-process",
    "async-gen-sleep",
    "async-iterator-class",
    "generator-vs-coroutine-send",
];

fn run(id: &str, params: &[(&str, &str)], variant: &str) -> Report {
    let lesson = lessons::find(id).unwrap_or_else(|| panic!("no lesson {id}"));
    assert!(lesson.variant(variant).is_some(), "{id} has no variant {variant:?}");
    let raw: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let (values, problems) = parse_values(lesson, &raw);
    assert!(problems.is_empty(), "{id}: {problems:?}");
    let r = run_native(lesson, &values, variant);
    assert_eq!(r.outcome, Outcome::Done, "{id} {variant}: {:?}", r.trace.texts());
    r
}

/// The exact lines, each at its exact virtual time, and the elapsed time equal to the model.
fn check_exact(id: &str, params: &[(&str, &str)], expected: &[(f64, String)], elapsed: f64) -> Report {
    let r = run(id, params, "");
    let got: Vec<(f64, &str)> = r.trace.lines.iter().map(|l| (l.t, l.text.as_str())).collect();
    let exp: Vec<(f64, &str)> = expected.iter().map(|(t, s)| (*t, s.as_str())).collect();
    assert_eq!(got, exp, "{id} {params:?}");
    assert_eq!(r.elapsed_ms, elapsed, "{id} {params:?} elapsed");
    assert_eq!(r.predicted_ms, Some(elapsed), "{id} {params:?}: the model predicts what the virtual clock measures");
    r
}

/// The corrected listing with the default values filled in.
fn listing(id: &str) -> String {
    let lesson = lessons::find(id).unwrap_or_else(|| panic!("no lesson {id}"));
    render_listing(lesson, "", &Values::defaults(lesson))
}

fn lines(v: &[(f64, &str)]) -> Vec<(f64, String)> {
    v.iter().map(|(t, s)| (*t, s.to_string())).collect()
}

/// The lanes (task names) that printed, in order.
fn lanes(r: &Report) -> Vec<&str> {
    r.trace.lines.iter().map(|l| l.lane.as_str()).collect()
}

fn task_bars(r: &Report) -> usize {
    r.trace.spans_of(SpanKind::Task).count()
}

#[test]
fn every_lesson_is_registered_with_one_corrected_variant() {
    for id in IDS {
        let lesson = lessons::find(id).unwrap_or_else(|| panic!("{id} is not in the catalogue"));
        assert_eq!(lessons::all().filter(|l| l.id == id).count(), 1, "{id} registered once");
        assert_eq!(lesson.variants.len(), 1, "{id}: no defect shows at run time, so no defect variant");
        assert!(lesson.variants[0].key.is_empty());
        for t in [lesson.title, lesson.concept, lesson.expect] {
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{id}: texts in both languages");
        }
        for p in lesson.params {
            assert!(!p.label.en.is_empty() && !p.label.zh.is_empty());
            assert!(p.min <= p.default && p.default <= p.max, "{id}.{}", p.name);
        }
        assert!(lesson.source.contains("LESSON"), "{id}: the Rust tab shows the lesson's own file");
    }
}

#[test]
fn await_runs_the_coroutine_inside_main() {
    let r = check_exact("await-hello-world", &[], &lines(&[(0.0, "Hello, world!")]), 0.0);
    // Awaiting a coroutine creates no task: main itself prints.
    assert_eq!(lanes(&r), ["Task-1 main()"]);
    assert_eq!(task_bars(&r), 1, "only main's bar");
    let listing = listing("await-hello-world");
    assert!(listing.contains("import asyncio") && listing.contains("asyncio.run(main())"), "the fragment is completed");
}

#[test]
fn say_hello_prints_after_the_sleep() {
    check_exact("say-hello", &[], &lines(&[(1000.0, "Hello")]), 1000.0);
    check_exact("say-hello", &[("delay", "2.5")], &lines(&[(2500.0, "Hello")]), 2500.0);
    check_exact("say-hello", &[("delay", "0")], &lines(&[(0.0, "Hello")]), 0.0);
}

#[test]
fn create_task_runs_the_coroutine_as_its_own_task() {
    let r = check_exact("create-task-hello-world", &[], &lines(&[(0.0, "Hello, world!")]), 0.0);
    assert_eq!(lanes(&r), ["Task-2 hello_world()"], "the task prints, not main");
    assert_eq!(task_bars(&r), 2, "main and the task");
    let listing = listing("create-task-hello-world");
    assert!(listing.contains("asyncio.create_task(hello_world())") && listing.contains("asyncio.run(main())"));
}

/// Foo and Bar start together; each ends after its own sleep; the run lasts the longer one.
fn foo_bar_expected(foo: f64, bar: f64) -> (Vec<(f64, String)>, f64) {
    let mut ends = vec![(foo * 1000.0, 0, "End Foo"), (bar * 1000.0, 1, "End Bar")];
    ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut exp = lines(&[(0.0, "Foo"), (0.0, "Bar")]);
    exp.extend(ends.iter().map(|(t, _, s)| (*t, s.to_string())));
    (exp, (foo * 1000.0).max(bar * 1000.0))
}

#[test]
fn foo_and_bar_overlap() {
    check_exact(
        "asyncio-foo-bar",
        &[],
        &lines(&[(0.0, "Foo"), (0.0, "Bar"), (1000.0, "End Foo"), (2000.0, "End Bar")]),
        2000.0,
    );
    // With 0 s, asyncio.sleep(0) still yields once: Bar is printed before End Foo.
    for (foo, bar) in [(3.0, 0.5), (1.5, 1.5), (0.25, 4.0), (0.0, 2.0), (0.0, 0.0)] {
        let (exp, total) = foo_bar_expected(foo, bar);
        check_exact("asyncio-foo-bar", &[("foo_delay", &foo.to_string()), ("bar_delay", &bar.to_string())], &exp, total);
    }
    // Each coroutine ran in its own task.
    let r = run("asyncio-foo-bar", &[], "");
    assert_eq!(lanes(&r), ["Task-2 foo()", "Task-3 bar()", "Task-2 foo()", "Task-3 bar()"]);
}

fn workers_expected(n: usize, delay: f64) -> Vec<(f64, String)> {
    let mut exp: Vec<(f64, String)> = (0..n).map(|i| (0.0, format!("Worker {i} is starting"))).collect();
    exp.extend((0..n).map(|i| (delay * 1000.0, format!("Worker {i} is finished"))));
    exp
}

#[test]
fn create_task_workers_all_wait_at_once() {
    check_exact("asyncio-create-task-workers", &[], &workers_expected(5, 1.0), 1000.0);
    let r = check_exact("asyncio-create-task-workers", &[("workers", "8"), ("delay", "0.75")], &workers_expected(8, 0.75), 750.0);
    assert_eq!(task_bars(&r), 9, "a task per worker, plus main");
    check_exact("asyncio-create-task-workers", &[("workers", "1"), ("delay", "3")], &workers_expected(1, 3.0), 3000.0);
    // sleep(0) yields: every worker starts before any finishes.
    check_exact("asyncio-create-task-workers", &[("workers", "3"), ("delay", "0")], &workers_expected(3, 0.0), 0.0);
}

fn a_b_expected(a: f64, b: f64) -> (Vec<(f64, String)>, f64) {
    let mut done = vec![(a * 1000.0, 0, "Task A completed"), (b * 1000.0, 1, "Task B completed")];
    done.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    let total = (a * 1000.0).max(b * 1000.0);
    let mut exp = lines(&[(0.0, "Task A started"), (0.0, "Task B started")]);
    exp.extend(done.iter().map(|(t, _, s)| (*t, s.to_string())));
    // gather: argument order, whoever finished first.
    exp.extend(lines(&[(total, "Result of A"), (total, "Result of B")]));
    (exp, total)
}

#[test]
fn create_task_a2_b1_completes_b_first_but_returns_in_argument_order() {
    check_exact(
        "create-task-a2-b1",
        &[],
        &lines(&[
            (0.0, "Task A started"),
            (0.0, "Task B started"),
            (1000.0, "Task B completed"),
            (2000.0, "Task A completed"),
            (2000.0, "Result of A"),
            (2000.0, "Result of B"),
        ]),
        2000.0,
    );
    for (a, b) in [(0.5, 3.0), (1.0, 1.0), (4.0, 0.0), (0.0, 0.0)] {
        let (exp, total) = a_b_expected(a, b);
        check_exact("create-task-a2-b1", &[("delay_a", &a.to_string()), ("delay_b", &b.to_string())], &exp, total);
    }
}

fn fetch_process_expected(fetch: f64, process: f64) -> (Vec<(f64, String)>, f64) {
    let (f, p) = (fetch * 1000.0, process * 1000.0);
    let exp = lines(&[
        (0.0, "Fetching data..."),
        (f, "Data fetched"),
        (f, "Received data: Some data"),
        (f, "Processing data..."),
        (f + p, "Data processed"),
    ]);
    (exp, f + p)
}

#[test]
fn sequential_awaits_add_up() {
    let (exp, total) = fetch_process_expected(2.0, 1.0);
    assert_eq!(total, 3000.0, "LESSONS.md: 2 s + 1 s = 3 s");
    check_exact("asyncio-run-fetch-process", &[], &exp, total);
    for (f, p) in [(0.5, 2.0), (0.0, 0.25), (10.0, 0.0)] {
        let (exp, total) = fetch_process_expected(f, p);
        check_exact("asyncio-run-fetch-process", &[("fetch", &f.to_string()), ("process", &p.to_string())], &exp, total);
    }
    // No task besides main: nothing runs concurrently.
    assert_eq!(task_bars(&run("asyncio-run-fetch-process", &[], "")), 1);
}

fn durations_expected(n: usize, step: f64) -> (Vec<(f64, String)>, f64) {
    let mut exp = vec![(0.0, "=== asyncio基础示例 ===".to_string())];
    exp.extend((1..=n).map(|i| (0.0, format!("任务 {i} 开始"))));
    exp.extend((1..=n).map(|i| ((i as f64 * step) * 1000.0, format!("任务 {i} 完成"))));
    let total = (n as f64 * step) * 1000.0;
    let results: Vec<String> = (1..=n).map(|i| format!("'任务 {i} 结果'")).collect();
    exp.push((total, format!("所有任务结果: [{}]", results.join(", "))));
    (exp, total)
}

#[test]
fn gather_of_different_durations_lasts_the_longest() {
    let r = check_exact(
        "asyncio-gather-durations",
        &[],
        &lines(&[
            (0.0, "=== asyncio基础示例 ==="),
            (0.0, "任务 1 开始"),
            (0.0, "任务 2 开始"),
            (0.0, "任务 3 开始"),
            (0.0, "任务 4 开始"),
            (0.0, "任务 5 开始"),
            (100.0, "任务 1 完成"),
            (200.0, "任务 2 完成"),
            (3.0 * 0.1 * 1000.0, "任务 3 完成"), // 0.30000000000000004 s, as Python computes i * 0.1
            (400.0, "任务 4 完成"),
            (500.0, "任务 5 完成"),
            (500.0, "所有任务结果: ['任务 1 结果', '任务 2 结果', '任务 3 结果', '任务 4 结果', '任务 5 结果']"),
        ]),
        500.0,
    );
    assert_eq!(task_bars(&r), 6);
    for (n, step) in [(3usize, 0.5), (8, 0.25), (1, 2.0), (4, 0.0)] {
        let (exp, total) = durations_expected(n, step);
        check_exact("asyncio-gather-durations", &[("tasks", &n.to_string()), ("step", &step.to_string())], &exp, total);
    }
}

fn fetch_then_process_expected(d: [f64; 3], process: f64) -> (Vec<(f64, String)>, f64) {
    let names = ["api1", "api2", "api3"];
    let mut exp = vec![(0.0, "=== 异步I/O示例 ===".to_string())];
    exp.extend(names.iter().map(|n| (0.0, format!("开始获取 http://{n}.com"))));
    let mut done: Vec<(f64, usize)> = d.iter().enumerate().map(|(i, s)| (s * 1000.0, i)).collect();
    done.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    exp.extend(done.iter().map(|(t, i)| (*t, format!("完成获取 http://{}.com", names[*i]))));
    let slowest = done.last().map(|x| x.0).unwrap_or(0.0);
    exp.extend(names.iter().map(|n| (slowest, format!("处理数据: 来自 http://{n}.com 的数据"))));
    let total = slowest + process * 1000.0;
    let results: Vec<String> = names.iter().map(|n| format!("'处理后的 来自 http://{n}.com 的数据'")).collect();
    exp.push((total, format!("最终结果: [{}]", results.join(", "))));
    (exp, total)
}

#[test]
fn fetch_phase_then_process_phase() {
    let (exp, total) = fetch_then_process_expected([0.5, 0.3, 0.7], 0.1);
    // LESSONS.md: done api2/api1/api3 at 0.3/0.5/0.7 s; total ≈0.8 s.
    let order: Vec<&str> = exp.iter().filter(|(_, s)| s.starts_with("完成获取")).map(|(_, s)| s.as_str()).collect();
    assert_eq!(order, ["完成获取 http://api2.com", "完成获取 http://api1.com", "完成获取 http://api3.com"]);
    assert!((total - 800.0).abs() < 1e-9, "{total}");
    let r = check_exact("asyncio-fetch-then-process", &[], &exp, total);
    assert_eq!(task_bars(&r), 7, "main, three fetches, three processing steps");
    for (d, p) in [([1.0, 2.0, 0.5], 0.25), ([0.5, 0.5, 0.5], 1.0), ([3.0, 0.0, 1.0], 0.0)] {
        let params = [("api1", d[0].to_string()), ("api2", d[1].to_string()), ("api3", d[2].to_string()), ("process", p.to_string())];
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (exp, total) = fetch_then_process_expected(d, p);
        check_exact("asyncio-fetch-then-process", &params, &exp, total);
    }
}

fn numbers_every(start: i64, n: usize, delay: f64) -> (Vec<(f64, String)>, f64) {
    let mut t = 0.0;
    let mut exp = Vec::new();
    for k in 0..n {
        t += delay * 1000.0;
        exp.push((t, (start + k as i64).to_string()));
    }
    (exp, t)
}

#[test]
fn async_generator_yields_one_value_per_sleep() {
    check_exact("async-gen-sleep", &[], &lines(&[(500.0, "0"), (1000.0, "1"), (1500.0, "2")]), 1500.0);
    for (n, d) in [(5usize, 0.25), (1, 2.0), (4, 0.125)] {
        let (exp, total) = numbers_every(0, n, d);
        check_exact("async-gen-sleep", &[("count", &n.to_string()), ("delay", &d.to_string())], &exp, total);
    }
    // An empty generator: async for ends at once, nothing printed.
    let r = run("async-gen-sleep", &[("count", "0")], "");
    assert!(r.trace.lines.is_empty());
    assert_eq!((r.elapsed_ms, r.predicted_ms), (0.0, Some(0.0)));
}

#[test]
fn async_iterator_class_steps_until_stop_async_iteration() {
    let (exp, total) = numbers_every(1, 5, 0.1);
    assert_eq!(exp.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(), ["1", "2", "3", "4", "5"]);
    assert!((total - 500.0).abs() < 1e-9);
    check_exact("async-iterator-class", &[], &exp, total);
    for (n, d) in [(3usize, 0.5), (7, 0.25)] {
        let (exp, total) = numbers_every(1, n, d);
        check_exact("async-iterator-class", &[("items", &n.to_string()), ("delay", &d.to_string())], &exp, total);
    }
    let r = run("async-iterator-class", &[("items", "0")], "");
    assert!(r.trace.lines.is_empty(), "StopAsyncIteration on the first __anext__");
    assert_eq!(r.elapsed_ms, 0.0, "the call that raises does not sleep");
}

#[test]
fn generator_send_prints_the_value_plus_one() {
    check_exact("generator-vs-coroutine-send", &[], &lines(&[(0.0, "6")]), 0.0);
    check_exact("generator-vs-coroutine-send", &[("sent", "41")], &lines(&[(0.0, "42")]), 0.0);
    check_exact("generator-vs-coroutine-send", &[("sent", "-7")], &lines(&[(0.0, "-6")]), 0.0);
    let listing = listing("generator-vs-coroutine-send");
    assert!(listing.starts_with("import asyncio"), "the missing import is added");
    assert!(listing.contains("print(c.send(5))"));
}

#[test]
fn old_style_coroutine_follows_the_generator_protocol() {
    // next() primes it (yields None), send(v) answers v + 1, then it is exhausted.
    let mut c = OldCoroutine::Created;
    assert_eq!(c.next(), Ok(None));
    assert_eq!(c, OldCoroutine::AtReceive);
    assert_eq!(c.send(Some(5)), Ok(Some(6)));
    assert_eq!(c.send(Some(1)), Err(RunError::py("StopIteration", "")));
    assert_eq!(c.next(), Err(RunError::py("StopIteration", "")), "a finished generator stays finished");

    // Sending before priming is Python's TypeError.
    let mut c = OldCoroutine::Created;
    assert_eq!(c.send(Some(5)), Err(RunError::py("TypeError", "can't send non-None value to a just-started generator")));
    assert_eq!(c, OldCoroutine::Created, "the failed send did not start it");

    // next() twice makes x None, and `x + 1` fails inside the generator.
    let mut c = OldCoroutine::Created;
    assert_eq!(c.next(), Ok(None));
    match c.next() {
        Err(RunError::Py { kind, .. }) => assert_eq!(kind, "TypeError"),
        other => panic!("{other:?}"),
    }
    assert_eq!(c, OldCoroutine::Finished);
}

#[test]
fn absurd_input_is_refused_with_a_message() {
    let cases: &[(&str, &str, &str)] = &[
        ("say-hello", "delay", "-1"),
        ("say-hello", "delay", "1000"),
        ("asyncio-create-task-workers", "workers", "0"),
        ("asyncio-create-task-workers", "workers", "2.5"),
        ("asyncio-gather-durations", "tasks", "100000"),
        ("asyncio-fetch-then-process", "api2", "NaN"),
        ("async-gen-sleep", "count", "-3"),
        ("async-iterator-class", "items", "1e9"),
        ("generator-vs-coroutine-send", "sent", "0.5"),
        ("create-task-a2-b1", "delay_a", "many"),
    ];
    for (id, name, value) in cases {
        let lesson = lessons::find(id).unwrap();
        let (_, problems) = parse_values(lesson, &[(name.to_string(), value.to_string())]);
        assert_eq!(problems.len(), 1, "{id} {name}={value}");
        assert_eq!(problems[0].param.as_deref(), Some(*name));
        assert!(!problems[0].msg.en.is_empty() && !problems[0].msg.zh.is_empty());
    }
}

#[test]
fn listings_show_the_edited_values() {
    let lesson = lessons::find("asyncio-foo-bar").unwrap();
    let (v, _) = parse_values(lesson, &[("foo_delay".into(), "0.25".into()), ("bar_delay".into(), "3".into())]);
    let text = render_listing(lesson, "", &v);
    assert!(text.contains("await asyncio.sleep(0.25)\n    print('End Foo')") && text.contains("await asyncio.sleep(3)\n    print('End Bar')"), "{text}");
    let lesson = lessons::find("asyncio-gather-durations").unwrap();
    let (v, _) = parse_values(lesson, &[("tasks".into(), "8".into()), ("step".into(), "0.25".into())]);
    let text = render_listing(lesson, "", &v);
    assert!(text.contains("async_task(i, i * 0.25)") && text.contains("range(1, 8 + 1)"), "{text}");
}
