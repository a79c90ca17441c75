//! The event-loop lessons run their own Python listing on the interpreter (in the page and in
//! every native test). Until their hand-written scenarios are retired, each interpreted run is held
//! to its scenario: the same lines at the same virtual times, the same elapsed time, the same kind
//! of ending, with the default values and with edited ones, for every variant. (What CPython
//! prints for the listings is checked by the corpus, `tests/python/lessons/`.)
//!
//! Lessons whose scenario is retired (`Engine::Python`, such as the echo server, whose scenario
//! delivered each write one latency late) have nothing to be held to here: the corpus compares
//! their listing with CPython, and their own tests pin their times.
//!
//! The lessons in `lessons::SCENARIO_ONLY` still run their scenario; this test fails when one of
//! them starts to agree with it, so that the list is taken down as the interpreter grows.
#![cfg(not(target_arch = "wasm32"))]

use concurrency_playground::core::lesson::{Engine, Kind, Lesson, Values};
use concurrency_playground::core::lessons;
use std::future::Future as _;

use concurrency_playground::core::interpreted;
use concurrency_playground::core::runner::{run_native, run_native_listing, run_native_scenario, Outcome, Report};

/// The defaults, and a second set with every value moved within its range (a whole number one up
/// or down, a duration half as long again, or halved at the top of its range).
fn value_sets(lesson: &Lesson) -> Vec<Values> {
    let mut edited = Values::defaults(lesson);
    for p in lesson.params {
        let v = match p.kind {
            Kind::Int if p.default + 1.0 <= p.max => p.default + 1.0,
            Kind::Int => p.default - 1.0,
            Kind::Seconds if p.default * 1.5 <= p.max => p.default * 1.5,
            Kind::Seconds => p.default / 2.0,
        };
        edited.set(p.name, v.clamp(p.min, p.max));
    }
    vec![Values::defaults(lesson), edited]
}

fn lines(r: &Report) -> Vec<(f64, &str)> {
    r.trace.lines.iter().map(|l| (l.t, l.text.as_str())).collect()
}

/// Why the interpreted run differs from the scenario, or None.
fn difference(interpreted: &Report, scenario: &Report) -> Option<String> {
    if lines(interpreted) != lines(scenario) {
        return Some(format!("lines {:?}\n   scenario {:?}\n   ({:?})", lines(interpreted), lines(scenario), interpreted.outcome));
    }
    if interpreted.elapsed_ms != scenario.elapsed_ms {
        return Some(format!("elapsed {} ms, scenario {} ms", interpreted.elapsed_ms, scenario.elapsed_ms));
    }
    let kind = |o: &Outcome| match o {
        Outcome::Done => "done",
        Outcome::Error(_) => "an exception",
        Outcome::Deadlock { .. } => "a deadlock",
    };
    if kind(&interpreted.outcome) != kind(&scenario.outcome) {
        return Some(format!("ends in {} ({:?}), the scenario in {}", kind(&interpreted.outcome), interpreted.outcome, kind(&scenario.outcome)));
    }
    if let (Outcome::Deadlock { at_ms: a, waiting: w }, Outcome::Deadlock { at_ms: b, waiting: v }) = (&interpreted.outcome, &scenario.outcome) {
        let on = |w: &[concurrency_playground::core::event_loop::Waiting]| w.iter().map(|w| w.on.clone()).filter(|o| o.starts_with("queue")).collect::<Vec<_>>();
        if a != b || on(w) != on(v) {
            return Some(format!("deadlock at {a} ms on {w:?}, the scenario's at {b} ms on {v:?}"));
        }
    }
    None
}

#[test]
fn interpreted_listings_agree_with_their_scenarios() {
    let mut differences = Vec::new();
    let mut still_agreeing = Vec::new();
    let mut compared = 0;
    for lesson in lessons::all().filter(|l| matches!(l.engine, Engine::EventLoop(_))) {
        let interpreted_in_page = lessons::runs_its_listing(lesson);
        for variant in lesson.variants {
            for values in value_sets(lesson) {
                let scenario = run_native_scenario(lesson, &values, variant.key);
                // Lessons not yet interpreted in the page run their listing anyway, to see whether
                // they could be.
                let interpreted = run_native_listing(lesson, &values, variant.key);
                let diff = difference(&interpreted, &scenario);
                match (interpreted_in_page, diff) {
                    (true, Some(d)) => differences.push(format!("{} [{}] {:?}: {d}", lesson.id, variant.key, values)),
                    (true, None) => compared += 1,
                    (false, None) => still_agreeing.push(format!("{} [{}]", lesson.id, variant.key)),
                    (false, Some(_)) => {}
                }
            }
        }
    }
    println!("{compared} interpreted runs agree with their scenarios");
    assert!(compared >= 40, "expected at least 40 agreeing runs, found {compared}");
    assert!(differences.is_empty(), "interpreted listings that differ from their scenario:\n{}", differences.join("\n"));
    assert!(still_agreeing.is_empty(), "these lessons now run their listing as the scenario does: take them off lessons::SCENARIO_ONLY:\n{}", still_agreeing.join("\n"));
}

/// The page's "Bytecode" tab shows what runs: the listing with the learner's values, compiled.
#[test]
fn the_bytecode_tab_shows_the_listing_with_its_values() {
    let lesson = lessons::find("semaphore-limit-2").expect("the lesson exists");
    let mut values = Values::defaults(lesson);
    values.set("limit", 3.0);
    let source = concurrency_playground::core::lesson::render_listing(lesson, "", &values);
    let text = concurrency_playground::core::interpreted::bytecode(&source, "semaphore-limit-2.py").expect("the listing compiles");
    if std::env::var("SHOW").is_ok() {
        println!("{text}");
    }
    assert!(text.contains("Disassembly of <code object worker") && text.contains("Disassembly of <code object main"), "{text}");
    assert!(text.lines().any(|l| l.contains("LOAD_CONST") && l.ends_with("(3)")), "the edited limit is a constant: {text}");
    // A syntax error is reported as CPython 3.11 reports it (`python3` on this file prints the
    // same four lines), not as a listing.
    let broken = concurrency_playground::core::interpreted::bytecode("print(x  2)\n", "x.py").expect_err("x  2 does not compile");
    assert_eq!(broken, "  File \"x.py\", line 1\n    print(x  2)\n          ^^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n");
}

/// `?code=...` alone, or `?lesson=scratch`, opens the scratch page: only a program, run on the
/// interpreter, with no model. Its starter program runs as CPython runs it.
#[test]
fn the_scratch_page_runs_its_starter_program() {
    let scratch = lessons::find("scratch").expect("the scratch page is found by its id");
    assert!(lessons::runs_its_listing(scratch));
    assert!(lessons::all().all(|l| l.id != "scratch"), "the scratch page is in no chapter");
    let r = run_native(scratch, &Values::defaults(scratch), "");
    assert_eq!(r.outcome, Outcome::Done);
    assert_eq!(lines(&r), [(500.0, "B done after 0.5 s"), (1000.0, "A done after 1 s")]);
    assert_eq!((r.elapsed_ms, r.predicted_ms), (1000.0, None));
}

/// A clock on which time never passes: every sleep stays pending, as a page's timer does until the
/// browser fires it.
struct FrozenClock;

impl concurrency_playground::core::event_loop::Clock for FrozenClock {
    fn now_ms(&self) -> f64 {
        0.0
    }
    fn sleep_ms(&self, _ms: f64) -> futures::future::LocalBoxFuture<'static, ()> {
        Box::pin(futures::future::pending())
    }
}

/// Stop in the page drops a run half-way. Everything the run made must go with it: its tasks
/// hold the loop that holds them, and without breaking that circle each stopped run would keep
/// its whole heap. The clock is shared by everything the run made, so its count shows it.
#[test]
fn an_abandoned_run_frees_everything_it_made() {
    use concurrency_playground::core::event_loop::Clock;
    use std::rc::Rc;
    let source = "import asyncio\n\nasync def sleeper(i):\n    await asyncio.sleep(60)\n\nasync def main():\n    data = [list(range(100)) for _ in range(100)]\n    await asyncio.gather(*(sleeper(i) for i in range(50)))\n\nasyncio.run(main())\n";
    let clock: Rc<dyn Clock> = Rc::new(FrozenClock);
    let host = interpreted::Host { clock: clock.clone(), fetch: None };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut run = Box::pin(interpreted::run_source(source, "x.py", host, concurrency_playground::core::trace::null_sink(), stop));
    let waker = futures::task::noop_waker();
    let mut cx = std::task::Context::from_waker(&waker);
    assert!(run.as_mut().poll(&mut cx).is_pending(), "the run waits on its sleeps");
    assert!(Rc::strong_count(&clock) > 2, "the running program holds the clock");
    drop(run);
    assert_eq!(Rc::strong_count(&clock), 1, "a dropped run keeps nothing alive");
}
