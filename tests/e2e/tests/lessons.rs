//! End-to-end tests of the built site in headless Chromium.
//!
//! Each case opens a lesson URL, usually with `run=1`, waits for the run to finish and checks the
//! printed lines, their times and the page's timing figures. The servers are shared by all cases
//! and each case gets a fresh browser, which must be closed after it whatever happened (a stuck
//! page, a crash); libtest cannot promise that, so this file brings its own small runner
//! (`harness = false`) that prints libtest's format and takes name filters like libtest
//! (`cargo test -p e2e -- semaphore`). See `run_all` for second attempts and the time budget.
//!
//! Run with: `make dist && cargo test -p e2e -- --test-threads=1`. `E2E_SHOW_RUNS=1` prints
//! every run; `E2E_BUDGET_SECS` bounds the whole suite.

use std::future::Future;
use std::io::Write as _;
use std::pin::Pin;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use e2e::{
    click_testid, dist_dir, error_texts, open, read_run, run_to_done, serve, speedups, status,
    target_dir, text_of, wait_status, wait_text, Browser, Result, Run, Server,
};

/// How long a lesson may take to load and finish.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the wasm may take to load and render an element that does not depend on a run.
const RENDER_TIMEOUT: Duration = Duration::from_secs(30);
/// A guard against a case hanging on something the other timeouts do not cover.
const CASE_TIMEOUT: Duration = Duration::from_secs(240);
/// A line expected at T ms must appear between T - EARLY_MS and T + LATE_MS.
const EARLY_MS: f64 = 5.0;
const LATE_MS: f64 = 250.0;

type CaseFuture<'a> = Pin<Box<dyn Future<Output = Result<()>> + 'a>>;
type CaseFn = for<'a> fn(&'a Ctx, &'a mut Checks) -> CaseFuture<'a>;

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        const CASES: &[(&str, CaseFn)] = &[
            $((stringify!($name), |ctx, c| Box::pin($name(ctx, c)))),*
        ];
    };
}

cases!(
    hello_sleep_world,
    gather_fetch_data,
    gather_fetch_data_three_tasks_half_second,
    semaphore_limit_2,
    semaphore_limit_3,
    time_sleep_blocks_loop,
    time_sleep_blocks_loop_ticker,
    threadpool_basics,
    lock_counter,
    lock_counter_without_lock,
    gil_fib_compare,
    isolated_page_has_worker_pool,
    not_isolated_thread_lesson_explains_and_stays_idle,
    not_isolated_event_loop_lesson_runs,
    bad_unknown_lesson,
    bad_semaphore_limit_zero_does_not_run,
    bad_too_many_tasks,
    bad_negative_delay,
    bad_garbled_query,
    stop_then_run_again,
    process_lessons_print_what_they_print_natively,
    process_lessons_not_isolated,
    process_pool_stops_at_once_and_leaks_no_workers,
    every_lesson_runs_from_its_url,
    queue_deadlock_is_reported_not_hung,
    chapter_pages_and_previous_next,
    the_lesson_list_filters,
    rust_tab_shows_the_lesson_file,
    bytecode_tab_shows_what_the_interpreter_runs,
    an_uncaught_exception_shows_cpythons_traceback,
    edit_a_listing_run_it_share_it_and_open_the_link,
    embedded_lesson_stands_alone,
    narrow_screen_shows_the_lesson_first,
    editing_in_the_page_reruns_with_the_new_values,
    address_problems_run_nothing,
    address_floods_show_one_message_and_fit_the_window,
    event_loop_and_process_lessons_start_no_thread_pool,
    run_on_load_is_as_accurate_as_a_later_run,
);

/// What every case gets: the browser and the site served with and without cross-origin isolation.
struct Ctx {
    browser: Browser,
    isolated: Server,
    plain: Server,
}

impl Ctx {
    /// Runs `?<query>` on `server` to completion and remembers it for the failure report.
    async fn run(&self, c: &mut Checks, server: &Server, query: &str) -> Result<Run> {
        run_on(&self.browser, c, server, query).await
    }

    /// Like [`Ctx::run`], on a browser of its own that is closed afterwards: for cases that go
    /// through many lessons, so that each lesson is seen by a browser that no earlier lesson has
    /// used, and what one lesson leaves behind cannot fail the next.
    async fn run_fresh(&self, c: &mut Checks, server: &Server, query: &str) -> Result<Run> {
        let browser = Browser::start().await?;
        let run = run_on(&browser, c, server, query).await;
        let _ = browser.quit().await;
        run
    }

    /// Opens `?<query>` on `server` without waiting for anything.
    async fn open(&self, c: &mut Checks, server: &Server, query: &str) -> Result<()> {
        let url = server.url(&format!("/?{query}"));
        c.url = Some(url.clone());
        open(self.browser.client(), &url).await
    }
}

/// Runs `?<query>` on `server` in `browser` to completion and remembers it for the failure report.
async fn run_on(browser: &Browser, c: &mut Checks, server: &Server, query: &str) -> Result<Run> {
    let url = server.url(&format!("/?{query}"));
    c.url = Some(url.clone());
    let run = run_to_done(browser.client(), &url, RUN_TIMEOUT).await?;
    // `E2E_SHOW_RUNS=1` prints every run, passing or not: its lines, elapsed and predicted time.
    if std::env::var_os("E2E_SHOW_RUNS").is_some() {
        eprintln!("\n{url}\n{}", run.dump());
    }
    c.run = Some(run.clone());
    Ok(run)
}

/// The failed expectations of one case. A case goes on after a failed check, so one run reports
/// everything that is wrong with a lesson at once.
#[derive(Default)]
struct Checks {
    failures: Vec<String>,
    url: Option<String>,
    run: Option<Run>,
}

impl Checks {
    fn check(&mut self, ok: bool, message: impl FnOnce() -> String) {
        if !ok {
            self.failures.push(message());
        }
    }

    fn fail(&mut self, message: String) {
        self.failures.push(message);
    }
}

fn near(t: f64, expected: f64) -> bool {
    t >= expected - EARLY_MS && t <= expected + LATE_MS
}

/// Checks that the run starts with exactly these `(text, ms)` lines (and has no others when
/// `whole` is set).
fn expect_lines(c: &mut Checks, run: &Run, expected: &[(&str, f64)], whole: bool) {
    if whole && run.lines.len() != expected.len() {
        c.fail(format!(
            "expected exactly {} lines {:?}, got {}: {:?}",
            expected.len(),
            expected.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            run.lines.len(),
            run.texts()
        ));
    }
    for (i, (text, at)) in expected.iter().enumerate() {
        match run.lines.get(i) {
            None => c.fail(format!("line {i} missing: expected {text:?} at ~{at} ms")),
            Some((_, got)) if got != text => {
                c.fail(format!("line {i}: expected {text:?}, got {got:?}"))
            }
            Some((t, _)) => c.check(near(*t, *at), || {
                format!("line {i} {text:?} printed at {t} ms, expected {at} ms (-{EARLY_MS}/+{LATE_MS})")
            }),
        }
    }
}

fn expect_line_near(c: &mut Checks, run: &Run, index: usize, at: f64) {
    if let Some((t, text)) = run.lines.get(index) {
        c.check(near(*t, at), || {
            format!("line {index} {text:?} printed at {t} ms, expected {at} ms (-{EARLY_MS}/+{LATE_MS})")
        });
    }
}

fn expect_predicted(c: &mut Checks, run: &Run, ms: f64) {
    c.check((run.predicted_ms - ms).abs() < 0.5, || {
        format!("predicted-ms is {}, expected {ms}", run.predicted_ms)
    });
}

/// The real run must take about as long as the page's model predicts.
fn expect_elapsed_fits(c: &mut Checks, run: &Run) {
    let (elapsed, predicted) = (run.elapsed_ms, run.predicted_ms);
    c.check(
        elapsed >= predicted - 5.0 && elapsed <= predicted * 1.15 + 250.0,
        || {
            format!(
                "elapsed-ms {elapsed} does not fit predicted-ms {predicted} \
                 (allowed {} ..= {})",
                predicted - 5.0,
                predicted * 1.15 + 250.0
            )
        },
    );
}

/// Waits for `run-status` to appear, then checks that it reads `idle` throughout `period`.
async fn expect_stays_idle(ctx: &Ctx, c: &mut Checks, period: Duration) -> Result<()> {
    let client = ctx.browser.client();
    wait_status(
        client,
        &["idle", "running", "done", "error"],
        RENDER_TIMEOUT,
    )
    .await?;
    let start = Instant::now();
    while start.elapsed() < period {
        let s = status(client).await?.unwrap_or_default();
        if s != "idle" {
            c.fail(format!(
                "run-status became {s:?} {} ms after the page rendered; expected it to stay idle",
                start.elapsed().as_millis()
            ));
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn expect_testid(ctx: &Ctx, c: &mut Checks, testid: &str) -> Result<Option<String>> {
    let text = wait_text(ctx.browser.client(), testid, RENDER_TIMEOUT, |_| true).await?;
    c.check(text.is_some(), || {
        format!("no data-testid=\"{testid}\" element within {RENDER_TIMEOUT:?}")
    });
    Ok(text)
}

// ---- event-loop lessons ----

async fn hello_sleep_world(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(c, &ctx.isolated, "lesson=hello-sleep-world&run=1")
        .await?;
    expect_lines(c, &run, &[("Hello", 0.0), ("world", 1000.0)], true);
    expect_predicted(c, &run, 1000.0);
    expect_elapsed_fits(c, &run);
    Ok(())
}

fn gather_expectation(tasks: usize, delay_ms: f64) -> Vec<(String, f64)> {
    let fetching = (0..tasks).map(|i| (format!("Fetching data for {i}"), 0.0));
    let data = (0..tasks).map(|i| (format!("Data for {i}"), delay_ms));
    fetching.chain(data).collect()
}

fn check_gather(c: &mut Checks, run: &Run, tasks: usize, delay_ms: f64) {
    let expected = gather_expectation(tasks, delay_ms);
    let expected: Vec<(&str, f64)> = expected.iter().map(|(s, t)| (s.as_str(), *t)).collect();
    // The lesson may print a summary after the per-task lines, so only the start is pinned.
    expect_lines(c, run, &expected, false);
    expect_predicted(c, run, delay_ms);
    expect_elapsed_fits(c, run);
}

async fn gather_fetch_data(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(c, &ctx.isolated, "lesson=asyncio-gather-fetch-data&run=1")
        .await?;
    check_gather(c, &run, 5, 1000.0);
    Ok(())
}

async fn gather_fetch_data_three_tasks_half_second(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let query = "lesson=asyncio-gather-fetch-data&tasks=3&delay=0.5&run=1";
    let run = ctx.run(c, &ctx.isolated, query).await?;
    check_gather(c, &run, 3, 500.0);
    Ok(())
}

async fn semaphore_limit_2(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(c, &ctx.isolated, "lesson=semaphore-limit-2&run=1")
        .await?;
    // A release wakes the next waiter only after the releasing task's step ends, so both
    // "finished" lines of a round come before the two "starting" lines they unblock.
    expect_lines(
        c,
        &run,
        &[
            ("Worker 0 is starting", 0.0),
            ("Worker 1 is starting", 0.0),
            ("Worker 0 is finished", 1000.0),
            ("Worker 1 is finished", 1000.0),
            ("Worker 2 is starting", 1000.0),
            ("Worker 3 is starting", 1000.0),
            ("Worker 2 is finished", 2000.0),
            ("Worker 3 is finished", 2000.0),
            ("Worker 4 is starting", 2000.0),
            ("Worker 4 is finished", 3000.0),
        ],
        true,
    );
    expect_predicted(c, &run, 3000.0);
    expect_elapsed_fits(c, &run);

    // The screenshot is for people looking at the result, not an assertion.
    let dir = target_dir().join("e2e-screenshots");
    let path = dir.join("semaphore-limit-2.png");
    match ctx.browser.client().screenshot().await {
        Ok(png) => {
            if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, png))
            {
                eprintln!("warning: cannot write {}: {e}", path.display());
            }
        }
        Err(e) => eprintln!("warning: screenshot failed: {e}"),
    }
    Ok(())
}

async fn semaphore_limit_3(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(c, &ctx.isolated, "lesson=semaphore-limit-2&limit=3&run=1")
        .await?;
    expect_predicted(c, &run, 2000.0);
    expect_elapsed_fits(c, &run);
    let last = run.lines.last().map(|(_, s)| s.as_str());
    c.check(last == Some("Worker 4 is finished"), || {
        format!("last line is {last:?}, expected \"Worker 4 is finished\"")
    });
    Ok(())
}

const TIME_SLEEP_LINES: [(&str, f64); 7] = [
    ("Using asyncio.sleep:", 0.0),
    ("Task starts (asyncio.sleep)", 0.0),
    ("Task ends (asyncio.sleep)", 2000.0),
    ("", 2000.0),
    ("Using time.sleep:", 2000.0),
    ("Task starts (time.sleep)", 2000.0),
    ("Task ends (time.sleep)", 4000.0),
];

async fn time_sleep_blocks_loop(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(c, &ctx.isolated, "lesson=time-sleep-blocks-loop&run=1")
        .await?;
    expect_lines(c, &run, &TIME_SLEEP_LINES, true);
    expect_predicted(c, &run, 4000.0);
    expect_elapsed_fits(c, &run);
    Ok(())
}

async fn time_sleep_blocks_loop_ticker(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let query = "lesson=time-sleep-blocks-loop&variant=ticker&run=1";
    let run = ctx.run(c, &ctx.isolated, query).await?;
    let (ticks, others): (Vec<_>, Vec<_>) = run
        .lines
        .iter()
        .cloned()
        .partition(|(_, s)| s.starts_with("tick"));
    let others = Run {
        lines: others,
        ..run.clone()
    };
    expect_lines(c, &others, &TIME_SLEEP_LINES, true);
    expect_elapsed_fits(c, &run);

    // As in CPython: the ticker's fourth sleep falls due just after main's two-second sleep, when
    // main is already inside time.sleep, so the ticks are those at 0.5, 1.0 and 1.5 s and no tick
    // is heard while the loop is frozen.
    let mut used = vec![false; ticks.len()];
    for at in [500.0, 1000.0, 1500.0] {
        let found = (0..ticks.len()).find(|&i| !used[i] && near(ticks[i].0, at));
        match found {
            Some(i) => used[i] = true,
            None => c.fail(format!(
                "no tick line at ~{at} ms; ticks at {:?}",
                tick_times(&ticks)
            )),
        }
    }
    let frozen: Vec<f64> = ticks
        .iter()
        .filter(|(t, _)| *t > 1800.0 && *t < 4000.0 - EARLY_MS)
        .map(|(t, _)| *t)
        .collect();
    c.check(frozen.is_empty(), || {
        format!("tick lines at {frozen:?} ms while time.sleep should freeze the loop (2000..4000)")
    });
    Ok(())
}

fn tick_times(ticks: &[(f64, String)]) -> Vec<f64> {
    ticks.iter().map(|(t, _)| *t).collect()
}

// ---- thread lessons (need the isolated server) ----

/// Parses `线程 <digits> 处理任务 <digits>...` into the task number.
fn pool_task(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("线程 ")?;
    let (thread, rest) = rest.split_once(' ')?;
    if thread.is_empty() || !thread.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let task = rest.strip_prefix("处理任务 ")?;
    let digits: String = task.chars().take_while(|ch| ch.is_ascii_digit()).collect();
    digits.parse().ok()
}

async fn threadpool_basics(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(c, &ctx.isolated, "lesson=threadpool-basics&run=1")
        .await?;
    let results = "结果: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]";
    let result_line = run.lines.iter().position(|(_, s)| s == results);
    match result_line {
        None => c.fail(format!("no line {results:?}")),
        Some(r) => {
            // The pool's map prints one line per task before the results, in whatever order the
            // workers pick the tasks up; a heading before them is the lesson's business.
            let before = &run.lines[r.saturating_sub(10)..r];
            let mut tasks: Vec<u32> = before.iter().filter_map(|(_, s)| pool_task(s)).collect();
            tasks.sort_unstable();
            c.check(r >= 10 && tasks == (0..10).collect::<Vec<_>>(), || {
                format!(
                    "the 10 lines before {results:?} should be `线程 N 处理任务 T` for tasks 0..9 \
                     in any order, got {:?}",
                    before.iter().map(|(_, s)| s).collect::<Vec<_>>()
                )
            });
            expect_line_near(c, &run, r, 300.0);
        }
    }

    let single = run.lines.iter().position(|(_, s)| s == "单个任务结果: 25");
    let many = run
        .lines
        .iter()
        .position(|(_, s)| s == "多个任务结果: [0, 1, 4, 9, 16]");
    match (single, many) {
        (Some(s), Some(m)) => {
            let r = result_line.unwrap_or(0);
            c.check(r < s && s < m, || {
                format!("result lines out of order: 结果 at line {r}, 单个 at line {s}, 多个 at line {m}")
            });
            expect_line_near(c, &run, s, 400.0);
            expect_line_near(c, &run, m, 600.0);
        }
        _ => c.fail(format!(
            "missing result lines (单个任务结果: 25 at {single:?}, 多个任务结果: [0, 1, 4, 9, 16] at {many:?})"
        )),
    }
    expect_predicted(c, &run, 600.0);
    expect_elapsed_fits(c, &run);
    Ok(())
}

fn final_counter(run: &Run) -> Option<u64> {
    run.lines
        .last()?
        .1
        .strip_prefix("Final counter value: ")?
        .parse()
        .ok()
}

async fn lock_counter(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(c, &ctx.isolated, "lesson=lock-counter&run=1")
        .await?;
    let last = run.lines.last().map(|(_, s)| s.as_str());
    c.check(last == Some("Final counter value: 1000"), || {
        format!("last line is {last:?}, expected \"Final counter value: 1000\"")
    });
    Ok(())
}

async fn lock_counter_without_lock(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(
            c,
            &ctx.isolated,
            "lesson=lock-counter&variant=no-lock&run=1",
        )
        .await?;
    let value = final_counter(&run);
    c.check(value.is_some_and(|n| n < 1000), || {
        format!(
            "without the lock the last line should be \"Final counter value: N\" with N < 1000, got {:?}",
            run.lines.last().map(|(_, s)| s)
        )
    });
    Ok(())
}

async fn gil_fib_compare(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    // fib(32), not fib(30): at fib(30) each phase takes 30-40 ms, and the first phase also pays
    // for the browser compiling the wasm again with its optimising tier, which once made the
    // GIL's threads look 1.3x faster than the sequential run and as fast as free threads.
    ctx.run(c, &ctx.isolated, "lesson=gil-fib-compare&n=32&run=1")
        .await?;
    let client = ctx.browser.client();
    let figures = speedups(client).await?;
    let phase = |name: &str| figures.iter().find(|(p, _)| p == name).map(|(_, v)| *v);
    let (gil, no_gil) = (phase("gil"), phase("no-gil"));
    c.check(gil.is_some() && no_gil.is_some(), || {
        format!("expected speedup elements with data-phase gil and no-gil, got {figures:?}")
    });
    let workers = text_of(client, "workers").await?;
    let workers: Option<u32> = workers.as_deref().and_then(|w| w.trim().parse().ok());
    // With one worker there is no parallelism to show, so the comparison would be noise.
    if let (Some(gil), Some(no_gil), Some(2..)) = (gil, no_gil, workers) {
        c.check(no_gil > gil, || {
            format!("speedup without the GIL ({no_gil}) should beat the GIL's ({gil}) on {workers:?} workers")
        });
    }
    Ok(())
}

async fn isolated_page_has_worker_pool(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    ctx.open(c, &ctx.isolated, "lesson=threadpool-basics")
        .await?;
    let client = ctx.browser.client();
    let isolation = wait_text(client, "isolation", RENDER_TIMEOUT, |s| {
        s.trim() == "isolated"
    })
    .await?;
    c.check(
        isolation.as_deref().map(str::trim) == Some("isolated"),
        || format!("isolation reads {isolation:?}, expected \"isolated\""),
    );
    // The pool starts asynchronously after the page renders, so the count may still be 0 at first.
    let at_least_two = |s: &str| s.trim().parse::<u32>().is_ok_and(|n| n >= 2);
    let workers = wait_text(client, "workers", RENDER_TIMEOUT, at_least_two).await?;
    c.check(workers.as_deref().is_some_and(at_least_two), || {
        format!("workers reads {workers:?}, expected at least 2")
    });
    Ok(())
}

// ---- without cross-origin isolation ----

async fn not_isolated_thread_lesson_explains_and_stays_idle(
    ctx: &Ctx,
    c: &mut Checks,
) -> Result<()> {
    ctx.open(c, &ctx.plain, "lesson=threadpool-basics&run=1")
        .await?;
    expect_testid(ctx, c, "thread-explainer").await?;
    expect_stays_idle(ctx, c, Duration::from_secs(3)).await?;
    let client = ctx.browser.client();
    let isolation = text_of(client, "isolation").await?;
    c.check(
        isolation.as_deref().map(str::trim) == Some("not-isolated"),
        || format!("isolation reads {isolation:?}, expected \"not-isolated\""),
    );
    let workers = text_of(client, "workers").await?;
    c.check(workers.as_deref().map(str::trim) == Some("0"), || {
        format!("workers reads {workers:?}, expected \"0\" without isolation")
    });
    Ok(())
}

async fn not_isolated_event_loop_lesson_runs(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let run = ctx
        .run(c, &ctx.plain, "lesson=hello-sleep-world&run=1")
        .await?;
    expect_lines(c, &run, &[("Hello", 0.0), ("world", 1000.0)], true);
    Ok(())
}

// ---- bad input ----

async fn bad_unknown_lesson(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    ctx.open(c, &ctx.isolated, "lesson=no-such-lesson").await?;
    expect_testid(ctx, c, "page-error").await?;
    Ok(())
}

async fn bad_semaphore_limit_zero_does_not_run(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    ctx.open(c, &ctx.isolated, "lesson=semaphore-limit-2&limit=0&run=1")
        .await?;
    expect_testid(ctx, c, "param-error").await?;
    expect_stays_idle(ctx, c, Duration::from_secs(1)).await
}

async fn bad_too_many_tasks(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    ctx.open(
        c,
        &ctx.isolated,
        "lesson=asyncio-gather-fetch-data&tasks=1000000&run=1",
    )
    .await?;
    expect_testid(ctx, c, "param-error").await?;
    // A rejected value must not be run anyway: a million tasks would swamp the page.
    expect_stays_idle(ctx, c, Duration::from_secs(1)).await
}

async fn bad_negative_delay(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    ctx.open(
        c,
        &ctx.isolated,
        "lesson=asyncio-gather-fetch-data&delay=-1",
    )
    .await?;
    expect_testid(ctx, c, "param-error").await?;
    Ok(())
}

async fn bad_garbled_query(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    ctx.open(c, &ctx.isolated, "%ZZ=1").await?;
    expect_testid(ctx, c, "page-error").await?;
    Ok(())
}

// ---- controls ----

async fn stop_then_run_again(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    ctx.open(c, &ctx.isolated, "lesson=hello-sleep-world&delay=5&run=1")
        .await?;
    let client = ctx.browser.client();
    let s = wait_status(client, &["running", "done", "error"], RUN_TIMEOUT).await?;
    if s != "running" {
        c.fail(format!("expected the run to be running, it is {s:?}"));
        return Ok(());
    }
    click_testid(client, "stop").await?;
    let clicked = Instant::now();
    let mut after = s;
    while after == "running" && clicked.elapsed() < Duration::from_millis(500) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        after = status(client).await?.unwrap_or_default();
    }
    c.check(after != "running", || {
        "run-status still running 500 ms after stop".to_string()
    });

    click_testid(client, "run").await?;
    let s = wait_status(
        client,
        &["running", "done", "error"],
        Duration::from_secs(5),
    )
    .await?;
    c.check(s == "running", || {
        format!("after clicking run the status is {s:?}, expected running")
    });
    let s = wait_status(client, &["done", "error"], RUN_TIMEOUT).await?;
    let run = read_run(client).await?;
    c.run = Some(run.clone());
    if s == "error" {
        c.fail(format!(
            "the second run ended in error: {:?}",
            error_texts(client).await?
        ));
        return Ok(());
    }
    // Times count from the second run's start, and the first run's lines are gone.
    expect_lines(c, &run, &[("Hello", 0.0), ("world", 5000.0)], true);
    expect_predicted(c, &run, 5000.0);
    expect_elapsed_fits(c, &run);
    Ok(())
}

// ---- runner ----

struct Args {
    filters: Vec<String>,
    skips: Vec<String>,
    exact: bool,
    list: bool,
    ignored_only: bool,
}

impl Args {
    /// Understands the libtest options that matter here and ignores the others (such as
    /// `--test-threads=1`, which cargo passes to every test binary of the package).
    fn parse() -> Args {
        let mut args = Args {
            filters: Vec::new(),
            skips: Vec::new(),
            exact: false,
            list: false,
            ignored_only: false,
        };
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--exact" => args.exact = true,
                "--list" => args.list = true,
                "--ignored" => args.ignored_only = true,
                "--skip" => args.skips.extend(it.next()),
                "--test-threads" | "--color" | "--format" | "--logfile" | "-Z"
                | "--shuffle-seed" => {
                    it.next();
                }
                s if s.starts_with("--skip=") => args
                    .skips
                    .extend(s.strip_prefix("--skip=").map(String::from)),
                s if s.starts_with('-') => {}
                s => args.filters.push(s.to_string()),
            }
        }
        args
    }

    fn selects(&self, name: &str) -> bool {
        let matches = |pattern: &String| {
            if self.exact {
                name == pattern
            } else {
                name.contains(pattern.as_str())
            }
        };
        !self.ignored_only
            && (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skips.iter().any(|s| name.contains(s.as_str()))
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let selected: Vec<(&str, CaseFn)> = CASES
        .iter()
        .copied()
        .filter(|(name, _)| args.selects(name))
        .collect();
    if args.list {
        for (name, _) in &selected {
            println!("{name}: test");
        }
        return ExitCode::SUCCESS;
    }
    let filtered_out = CASES.len() - selected.len();
    println!("\nrunning {} tests", selected.len());
    if selected.is_empty() {
        println!("\ntest result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; {filtered_out} filtered out; finished in 0.00s\n");
        return ExitCode::SUCCESS;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let started = Instant::now();
    let failures = match runtime.block_on(run_all(&selected)) {
        Ok(failures) => failures,
        Err(e) => {
            eprintln!("\nerror: {e}\n");
            return ExitCode::from(101);
        }
    };
    if !failures.is_empty() {
        println!("\nfailures:\n");
        for (name, report) in &failures {
            println!("---- {name} ----\n{report}");
        }
        println!("failures:");
        for (name, _) in &failures {
            println!("    {name}");
        }
    }
    let failed = failures.len();
    println!(
        "\ntest result: {}. {} passed; {failed} failed; 0 ignored; 0 measured; {filtered_out} filtered out; finished in {:.2}s\n",
        if failed == 0 { "ok" } else { "FAILED" },
        selected.len() - failed,
        started.elapsed().as_secs_f64()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(101)
    }
}

/// Runs the cases in order and returns `(name, report)` for each failed one. An `Err` means the
/// harness itself could not start (no dist, no browser).
///
/// Every case gets a browser of its own, so a case that leaves the browser stuck or crashed fails
/// alone instead of taking every later case with it. A failure's report is printed at once, under
/// its `FAILED` line, as well as in the summary, so that a log cut short still says what went
/// wrong.
///
/// A case that ends in an error (a timeout, a browser that stopped answering, a page error) rather
/// than in failed checks is run once more on a fresh browser. The first attempt's report is printed
/// either way, and the summary counts the cases that needed a second attempt, so flakiness shows
/// instead of hiding; a case whose checks fail is never retried.
///
/// The suite has a time budget (`E2E_BUDGET_SECS`, 1,200 s by default): once it is spent, the
/// remaining cases fail as not run, so a broken build ends with a report rather than hanging until
/// an outer limit kills it.
async fn run_all(selected: &[(&str, CaseFn)]) -> Result<Vec<(String, String)>> {
    let dist = dist_dir()?;
    println!("browser: {}", Browser::versions());
    let isolated = serve(&dist, true);
    let plain = serve(&dist, false);
    let budget = std::env::var("E2E_BUDGET_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(1200));
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut second_attempts = Vec::new();
    let mut ctx: Option<Ctx> = None;
    for (name, case) in selected {
        print!("test {name} ... ");
        let _ = std::io::stdout().flush();
        let case_started = Instant::now();
        let mut outcome = if started.elapsed() > budget {
            Outcome::Failed(format!(
                "not run: the suite's time budget of {budget:?} was spent (set E2E_BUDGET_SECS)\n"
            ))
        } else {
            run_case(&mut ctx, &isolated, &plain, *case).await
        };
        // A second attempt needs budget left for it, or it could outlast the suite's limit.
        let room = started.elapsed() + CASE_TIMEOUT < budget;
        if let (Outcome::Broke(first), true) = (&outcome, room) {
            let first = first.clone();
            println!("error; once more on a fresh browser");
            print_indented(&first);
            print!("test {name} (second attempt) ... ");
            let _ = std::io::stdout().flush();
            second_attempts.push(name.to_string());
            outcome = match run_case(&mut ctx, &isolated, &plain, *case).await {
                Outcome::Passed => Outcome::Passed,
                Outcome::Failed(report) | Outcome::Broke(report) => {
                    Outcome::Failed(format!("{report}first attempt:\n{first}"))
                }
            };
        }
        // Durations go to stderr, so stdout keeps libtest's format for tools that read it.
        let took = format!("({:.1} s)", case_started.elapsed().as_secs_f64());
        match outcome {
            Outcome::Passed => {
                println!("ok");
                eprintln!("    {took}");
            }
            Outcome::Failed(report) | Outcome::Broke(report) => {
                println!("FAILED");
                eprintln!("    {took}");
                print_indented(&report);
                failures.push((name.to_string(), report));
            }
        }
        let _ = std::io::stdout().flush();
    }
    // Best effort: a browser that does not close is killed with its driver, and the cases'
    // outcomes stand either way.
    if let Some(ctx) = ctx.take() {
        if let Err(e) = ctx.browser.quit().await {
            eprintln!("note: closing the last browser: {e}");
        }
    }
    drop((isolated, plain));
    if !second_attempts.is_empty() {
        println!(
            "\n{} case(s) ended in an error on the first attempt and were run again: {}",
            second_attempts.len(),
            second_attempts.join(", ")
        );
    }
    Ok(failures)
}

fn print_indented(report: &str) {
    for line in report.lines() {
        println!("    | {line}");
    }
}

/// How one attempt at a case ended.
enum Outcome {
    Passed,
    /// Checks failed: the behaviour is wrong.
    Failed(String),
    /// The case ended in an error before its checks could all be made.
    Broke(String),
}

/// Runs one case on a fresh browser (the previous case's is closed first). The browser is left
/// open in `slot` so that the caller can close it.
async fn run_case(
    slot: &mut Option<Ctx>,
    isolated: &Server,
    plain: &Server,
    case: CaseFn,
) -> Outcome {
    if let Some(previous) = slot.take() {
        let _ = previous.browser.quit().await;
    }
    // Starting a session waits on Chromium, which could itself hang: that too is bounded.
    let browser = match tokio::time::timeout(Duration::from_secs(60), Browser::start()).await {
        Ok(Ok(browser)) => browser,
        Ok(Err(e)) => return Outcome::Broke(format!("error: the browser did not start: {e}\n")),
        Err(_) => return Outcome::Broke("error: the browser did not start within 60 s\n".into()),
    };
    let ctx = slot.insert(Ctx {
        browser,
        isolated: isolated.clone(),
        plain: plain.clone(),
    });
    let mut checks = Checks::default();
    let outcome = tokio::time::timeout(CASE_TIMEOUT, case(ctx, &mut checks)).await;
    let error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(_) => Some(format!("the case did not finish within {CASE_TIMEOUT:?}")),
    };
    match (error.is_some(), checks.failures.is_empty()) {
        (false, true) => Outcome::Passed,
        (true, true) => Outcome::Broke(report(ctx, &checks, error).await),
        (_, false) => Outcome::Failed(report(ctx, &checks, error).await),
    }
}

async fn report(ctx: &Ctx, checks: &Checks, error: Option<String>) -> String {
    let mut out = String::new();
    if let Some(url) = &checks.url {
        out += &format!("url: {url}\n");
    }
    if let Some(error) = error {
        out += &format!("error: {error}\n");
    }
    for failure in &checks.failures {
        out += &format!("failed: {failure}\n");
    }
    if let Some(run) = &checks.run {
        out += &format!("run: {}", run.dump());
    }
    let client = ctx.browser.client();
    if let Ok(Ok(errors)) = tokio::time::timeout(Duration::from_secs(10), error_texts(client)).await
    {
        if !errors.is_empty() {
            out += &format!("page errors: {errors:?}\n");
        }
    }
    if let Ok(log) = ctx.browser.console_log() {
        // The JS glue repeats some warnings once per worker, so repeats are counted, not listed.
        let mut entries: Vec<(String, usize)> = Vec::new();
        for entry in log {
            match entries.iter_mut().find(|(e, _)| *e == entry) {
                Some((_, n)) => *n += 1,
                None => entries.push((entry, 1)),
            }
        }
        if !entries.is_empty() {
            out += "browser console:\n";
            for (entry, n) in entries.iter().take(40) {
                let times = if *n > 1 {
                    format!(" (x{n})")
                } else {
                    String::new()
                };
                out += &format!("  {entry}{times}\n");
            }
        }
    }
    out += &format!("{}\n", ctx.browser.log_tail(25));
    out
}

// ---- process lessons ----

/// Lessons whose processes share memory: they need a cross-origin isolated page.
fn needs_shared_memory(id: &str) -> bool {
    id.starts_with("mp-shared-")
}

fn process_lessons() -> Vec<&'static concurrency_playground::core::lesson::Lesson> {
    concurrency_playground::core::lessons::all()
        .filter(|l| l.uses_processes())
        .collect()
}

/// A printed line with what legitimately differs from run to run taken out: pids (which worker
/// took which job is up to the scheduler), and the lines that report whatever finished first
/// (process-pool-batches prints sample rows of the first batch done; mp-worker-queues prints its
/// results in arrival order), which keep only their shape.
fn comparable(id: &str, line: &str) -> String {
    let out = map_number_runs(line, false, |digits| {
        if digits.len() == 4 && digits.starts_with("10") {
            "<pid>".into()
        } else {
            digits.into()
        }
    });
    match id {
        "process-pool-batches" if out.trim_start().starts_with('{') => "<sample row>".into(),
        // Which worker took a task is up to the scheduler: mask the worker index.
        "mp-worker-queues" if out.starts_with("收集到结果: (") => {
            let rest = out.splitn(2, ", ").nth(1).unwrap_or("");
            format!("收集到结果: (<w>, {rest}")
        }
        "mp-worker-queues" if out.starts_with("进程 ") && out.contains(" 处理任务") => {
            format!(
                "进程 <w> 处理任务{}",
                out.split(" 处理任务").nth(1).unwrap_or("")
            )
        }
        "mp-worker-queues" if out.contains('[') => {
            out.split('[').next().unwrap_or("").to_string() + "[…]"
        }
        _ => out,
    }
}

/// The sorted, comparable lines of the same lesson run natively with its defaults (processes on
/// OS threads).
fn native_lines(lesson: &concurrency_playground::core::lesson::Lesson) -> Vec<String> {
    use concurrency_playground::core::lesson::Values;
    use concurrency_playground::core::runner::run_native;
    let r = run_native(lesson, &Values::defaults(lesson), "");
    let mut lines: Vec<String> = r
        .trace
        .texts()
        .iter()
        .map(|s| comparable(lesson.id, s))
        .collect();
    lines.sort();
    lines
}

/// What the page looks like when a run does not show up: for the failure report.
async fn page_state(ctx: &Ctx) -> String {
    ctx.browser
        .client()
        .execute(
            "return JSON.stringify({ready: document.readyState, isolated: self.crossOriginIsolated, \
             bindings: typeof window.wasmBindings, body: document.body ? document.body.innerText.slice(0, 300) : null, \
             resources: performance.getEntriesByType('resource').map(r => r.name.split('/').pop() + ':' + Math.round(r.startTime) + '+' + Math.round(r.duration))});",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "<page state unreadable>".into())
}

async fn processes_alive(ctx: &Ctx) -> Result<Option<String>> {
    text_of(ctx.browser.client(), "processes-alive").await
}

/// Every process lesson, on an isolated page: it finishes, prints the same lines as natively
/// (as a multiset: processes finish in any order), fits its model, and leaves no process alive.
async fn process_lessons_print_what_they_print_natively(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    for lesson in process_lessons() {
        let query = format!("lesson={}&run=1", lesson.id);
        let run = match ctx.run(c, &ctx.isolated, &query).await {
            Ok(run) => run,
            Err(e) => {
                c.fail(format!(
                    "{}: {e}; page: {}",
                    lesson.id,
                    page_state(ctx).await
                ));
                continue;
            }
        };
        // The native run comes after the page's, never between a page load and its run.
        let expected = native_lines(lesson);
        let mut got: Vec<String> = run
            .texts()
            .iter()
            .map(|s| comparable(lesson.id, s))
            .collect();
        got.sort();
        c.check(got == expected, || {
            format!(
                "{}: the page printed {got:?}, natively {expected:?}",
                lesson.id
            )
        });
        if run.predicted_ms.is_finite() {
            let (elapsed, predicted) = (run.elapsed_ms, run.predicted_ms);
            // Start-up of every process comes on top of the model: allow for it.
            c.check(
                elapsed >= predicted - 5.0 && elapsed <= predicted * 1.15 + 1500.0,
                || {
                    format!(
                        "{}: elapsed-ms {elapsed} does not fit predicted-ms {predicted}",
                        lesson.id
                    )
                },
            );
        }
        let alive = processes_alive(ctx).await?;
        c.check(alive.as_deref() == Some("0"), || {
            format!("{}: processes alive after the run: {alive:?}", lesson.id)
        });
    }
    Ok(())
}

/// Without cross-origin isolation message passing still works; shared memory says why it cannot.
async fn process_lessons_not_isolated(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    for lesson in process_lessons() {
        let url = ctx.plain.url(&format!("/?lesson={}&run=1", lesson.id));
        c.url = Some(url.clone());
        let client = ctx.browser.client();
        open(client, &url).await?;
        let status = match e2e::wait_run_end(client, RUN_TIMEOUT).await {
            Ok(s) => s,
            Err(e) => {
                c.fail(format!(
                    "{}: {e}; page: {}",
                    lesson.id,
                    page_state(ctx).await
                ));
                continue;
            }
        };
        if needs_shared_memory(lesson.id) {
            let mut errors = error_texts(client).await?.join(" ");
            errors.push_str(&text_of(client, "exception").await?.unwrap_or_default());
            c.check(status == "error" && errors.contains("cross-origin isolated"), || {
                format!("{}: without isolation expected an error naming cross-origin isolation, got {status:?}: {errors}", lesson.id)
            });
        } else {
            let run = read_run(client).await?;
            c.check(status == "done", || {
                format!(
                    "{}: not isolated, status {status:?}\n{}",
                    lesson.id,
                    run.dump()
                )
            });
            c.check(!run.lines.is_empty(), || {
                format!("{}: not isolated, nothing printed", lesson.id)
            });
        }
    }
    Ok(())
}

/// Stop terminates a pool's workers at once, and twenty runs in a row leave no worker behind.
async fn process_pool_stops_at_once_and_leaks_no_workers(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let client = ctx.browser.client();
    ctx.open(c, &ctx.plain, "lesson=pool-map-square&delay=5&run=1")
        .await?;
    wait_status(client, &["running"], RUN_TIMEOUT).await?;
    // Let the pool start its workers, then stop it mid-sleep.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let before = processes_alive(ctx).await?;
    c.check(before.as_deref() == Some("4"), || {
        format!("a pool of 4 running: processes alive {before:?}")
    });
    click_testid(client, "stop").await?;
    let s = wait_status(client, &["idle", "done", "error"], Duration::from_secs(2)).await?;
    c.check(s == "idle", || format!("after Stop the status is {s:?}"));
    let after = processes_alive(ctx).await?;
    c.check(after.as_deref() == Some("0"), || {
        format!("after Stop: processes alive {after:?}")
    });

    // Twenty runs, each starting two pools of four: the count must come back to zero every time.
    let url = ctx
        .plain
        .url("/?lesson=pool-map-square&delay=0.2&tasks=8&run=1");
    open(client, &url).await?;
    for i in 0..20 {
        if i > 0 {
            click_testid(client, "run").await?;
            wait_status(client, &["running"], RUN_TIMEOUT).await?;
        }
        let s = e2e::wait_run_end(client, RUN_TIMEOUT).await?;
        c.check(s == "done", || format!("run {i}: status {s:?}"));
        let alive = processes_alive(ctx).await?;
        if alive.as_deref() != Some("0") {
            c.fail(format!("after run {i}: processes alive {alive:?}"));
            break;
        }
    }
    Ok(())
}

// ---- the whole curriculum ----

/// Every event-loop and thread lesson, opened by its URL and run with its defaults on an isolated
/// page: it finishes, and its timing fits the model. Event-loop lessons print the same lines as on
/// the native virtual clock (as a multiset: ties between equal deadlines may break either way).
/// Process lessons have their own cases above. Each lesson gets a browser of its own.
async fn every_lesson_runs_from_its_url(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    use concurrency_playground::core::lesson::{Engine, Values};
    use concurrency_playground::core::runner::run_native;
    for lesson in concurrency_playground::core::lessons::ordered() {
        if lesson.uses_processes() || lesson.id == "gil-fib-compare" {
            continue;
        }
        let query = format!("lesson={}&run=1", lesson.id);
        let run = match ctx.run_fresh(c, &ctx.isolated, &query).await {
            Ok(run) => run,
            Err(e) => {
                c.fail(format!("{}: {e}", lesson.id));
                continue;
            }
        };
        c.check(!run.lines.is_empty(), || {
            format!("{}: nothing printed", lesson.id)
        });
        if run.predicted_ms.is_finite() {
            let (elapsed, predicted) = (run.elapsed_ms, run.predicted_ms);
            c.check(
                elapsed >= predicted - 5.0 && elapsed <= predicted * 1.15 + 400.0,
                || {
                    format!(
                        "{}: elapsed-ms {elapsed} does not fit predicted-ms {predicted}",
                        lesson.id
                    )
                },
            );
        }
        // Thread lessons print thread idents and measured seconds that differ from run to run:
        // those are masked, the rest must match.
        let mask = matches!(lesson.engine, Engine::Threads { .. });
        let native = run_native(lesson, &Values::defaults(lesson), "");
        let mask_line = |s: &str| {
            let m = masked(s, mask);
            // Which consumer takes an item is up to the scheduler.
            if lesson.id == "thread-queue-multi-producer"
                && m.starts_with("消费者 C")
                && m.contains(" 消费: ")
            {
                format!(
                    "消费者 C# 消费: {}",
                    m.split(" 消费: ").nth(1).unwrap_or("")
                )
            } else {
                m
            }
        };
        let mut expected: Vec<String> = native.trace.texts().iter().map(|s| mask_line(s)).collect();
        let mut got: Vec<String> = run.texts().iter().map(|s| mask_line(s)).collect();
        expected.sort();
        got.sort();
        c.check(got == expected, || {
            format!(
                "{}: the page printed {got:?}, natively {expected:?}",
                lesson.id
            )
        });
    }
    Ok(())
}

/// A line with thread idents (four digits or more) and decimal figures (measured seconds) masked.
fn masked(line: &str, mask: bool) -> String {
    if !mask {
        return line.to_string();
    }
    map_number_runs(line, true, |run| {
        if run.len() >= 4 || run.contains('.') {
            "#".into()
        } else {
            run.into()
        }
    })
}

/// `line` with every run of digits replaced by `f(run)`; with `decimals`, a dot after a digit
/// belongs to the run (so `0.53` is one run).
fn map_number_runs(line: &str, decimals: bool, f: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for ch in line.chars().chain(std::iter::once('\0')) {
        if ch.is_ascii_digit() || (decimals && ch == '.' && !run.is_empty()) {
            run.push(ch);
            continue;
        }
        if !run.is_empty() {
            out.push_str(&f(&run));
            run.clear();
        }
        if ch != '\0' {
            out.push(ch);
        }
    }
    out
}

/// The published asyncio queue example deadlocks: the page must say so, and who waits on what,
/// within a bounded time instead of hanging.
async fn queue_deadlock_is_reported_not_hung(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let id = "asyncio-queue-3-consumers";
    let Some(lesson) = concurrency_playground::core::lessons::find(id) else {
        c.fail(format!("no lesson {id}"));
        return Ok(());
    };
    let Some(variant) = lesson.variants.iter().find(|v| v.key.contains("deadlock")) else {
        c.fail(format!("{id} has no deadlock variant"));
        return Ok(());
    };
    ctx.open(
        c,
        &ctx.isolated,
        &format!("lesson={id}&variant={}&run=1", variant.key),
    )
    .await?;
    let text = wait_text(ctx.browser.client(), "deadlock", RUN_TIMEOUT, |t| {
        !t.trim().is_empty()
    })
    .await?;
    c.check(
        text.as_deref()
            .is_some_and(|t| t.contains("consumer") || t.contains("producer")),
        || format!("expected a deadlock report naming the waiting tasks, got {text:?}"),
    );
    Ok(())
}

/// A chapter's page shows its idea and its lessons; a lesson links to the next and previous ones
/// in reading order, and each link is a shareable URL.
async fn chapter_pages_and_previous_next(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    use concurrency_playground::core::lesson::Chapter;
    use concurrency_playground::core::lessons;
    let client = ctx.browser.client();
    ctx.open(c, &ctx.isolated, "chapter=gil&lang=en").await?;
    let concept = expect_testid(ctx, c, "chapter-concept").await?;
    c.check(
        concept.as_deref() == Some(Chapter::Gil.concept().en),
        || format!("the GIL chapter's concept, got {concept:?}"),
    );
    let listed = client
        .execute(r#"return [...document.querySelectorAll('[data-testid="chapter-lesson"]')].map(a => a.dataset.lesson);"#, vec![])
        .await?;
    let expected: Vec<&str> = lessons::ordered()
        .iter()
        .filter(|l| l.chapter == Chapter::Gil)
        .map(|l| l.id)
        .collect();
    let listed: Vec<String> = listed
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    c.check(listed == expected, || {
        format!("chapter lessons {listed:?}, expected {expected:?}")
    });

    // Open the first lesson of the chapter, then follow "next".
    click_testid(client, "chapter-lesson").await?;
    let first = expected.first().copied().unwrap_or("");
    let next = lessons::neighbours(first).1.map(|l| l.id).unwrap_or("");
    let link = wait_text(client, "next-lesson", RENDER_TIMEOUT, |_| true).await?;
    c.check(link.is_some(), || format!("{first}: no next-lesson link"));
    click_testid(client, "next-lesson").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let url = client.current_url().await?;
    c.check(url.as_str().contains(&format!("lesson={next}")), || {
        format!("after next from {first}: URL {url}, expected lesson={next}")
    });
    let prev = client
        .execute(r#"const a = document.querySelector('[data-testid="prev-lesson"]'); return a ? a.dataset.lesson : null;"#, vec![])
        .await?;
    c.check(prev.as_str() == Some(first), || {
        format!("{next}: previous is {prev:?}, expected {first}")
    });
    Ok(())
}

/// Typing in the filter narrows the lesson list to matching lessons.
async fn the_lesson_list_filters(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    use fantoccini::Locator;
    let client = ctx.browser.client();
    ctx.open(c, &ctx.isolated, "lesson=hello-sleep-world")
        .await?;
    expect_testid(ctx, c, "run-status").await?;
    let count = |v: serde_json::Value| v.as_array().map(|a| a.len()).unwrap_or(0);
    let all = count(client.execute(r#"return [...document.querySelectorAll('[data-testid="lesson-link"]')].map(a => a.dataset.lesson);"#, vec![]).await?);
    client
        .find(Locator::Css(r#"[data-testid="lesson-filter"]"#))
        .await?
        .send_keys("semaphore")
        .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let shown = client.execute(r#"return [...document.querySelectorAll('[data-testid="lesson-link"]')].map(a => a.dataset.lesson);"#, vec![]).await?;
    let ids: Vec<&str> = shown
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    c.check(!ids.is_empty() && ids.len() < all && ids.contains(&"semaphore-limit-2"), || {
        format!("filter 'semaphore' shows {ids:?} of {all} lessons; expected fewer, semaphore-limit-2 among them")
    });
    Ok(())
}

/// The "Rust that runs" tab of a lesson that still runs its scenario (a thread lesson) fetches the
/// lesson's own file from the site (the download carries only its name) and shows it whole.
async fn rust_tab_shows_the_lesson_file(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let client = ctx.browser.client();
    ctx.open(c, &ctx.plain, "lesson=threadpool-basics").await?;
    expect_testid(ctx, c, "run-status").await?;
    click_testid(client, "tab-rust").await?;
    let text = wait_text(client, "rust-source", RENDER_TIMEOUT, |t| {
        t.contains("pub static LESSON")
    })
    .await?;
    let file = include_str!("../../../src/core/lessons/threadpool_basics.rs");
    c.check(text.as_deref().map(str::trim) == Some(file.trim()), || {
        format!(
            "the Rust tab should show src/core/lessons/threadpool_basics.rs, got {:?}",
            text.map(|t| t.chars().take(200).collect::<String>())
        )
    });
    Ok(())
}

/// An event-loop lesson runs its listing on the interpreter: its second tab is the bytecode of
/// that listing, with the values in the form (here the semaphore's limit, edited to 3).
async fn bytecode_tab_shows_what_the_interpreter_runs(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let client = ctx.browser.client();
    ctx.open(c, &ctx.plain, "lesson=semaphore-limit-2&limit=3").await?;
    expect_testid(ctx, c, "run-status").await?;
    let rust_tab = client.find_all(fantoccini::Locator::Css(r#"[data-testid="tab-rust"]"#)).await?;
    c.check(rust_tab.is_empty(), || "an interpreted lesson still offers the Rust tab".to_string());
    click_testid(client, "tab-bytecode").await?;
    let text = wait_text(client, "bytecode", RENDER_TIMEOUT, |t| t.contains("Disassembly")).await?;
    let text = text.unwrap_or_default();
    for needle in ["Disassembly of <code object worker", "Disassembly of <code object main", "LOAD_CONST", "Semaphore"] {
        c.check(text.contains(needle), || format!("the bytecode tab should contain {needle:?}, got {:?}", text.chars().take(300).collect::<String>()));
    }
    c.check(text.lines().any(|l| l.contains("LOAD_CONST") && l.trim_end().ends_with("(3)")), || "the bytecode should load the edited limit, 3".to_string());
    Ok(())
}

/// Edit makes the listing the learner's program: typed, run on the interpreter, carried by the
/// address (`code=`), opened again from that link, broken with a typo (CPython's message), stopped
/// while it computes forever (within 100 ms), and reset to the lesson.
async fn edit_a_listing_run_it_share_it_and_open_the_link(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    use fantoccini::Locator;
    let client = ctx.browser.client();
    ctx.open(c, &ctx.plain, "lesson=hello-sleep-world").await?;
    expect_testid(ctx, c, "run-status").await?;
    click_testid(client, "edit").await?;
    let editor = r#"[data-testid="editor"]"#;
    let type_program = |text: &'static str| async move {
        let area = client.find(Locator::Css(editor)).await?;
        area.clear().await?;
        area.send_keys(text).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        Result::<()>::Ok(())
    };
    // The page scrolls with the editor, and the sticky header may cover Run: press it as a
    // script would, which is what a keyboard user's Ctrl+Enter does too.
    let press = |testid: &'static str| async move {
        client.execute(&format!(r#"document.querySelector('[data-testid="{testid}"]').click()"#), vec![]).await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        Result::<()>::Ok(())
    };
    let shown = client.find(Locator::Css(editor)).await?.prop("value").await?.unwrap_or_default();
    c.check(shown.contains("print(\"Hello\")") && shown.contains("await asyncio.sleep(1)"), || format!("the editor should start from the listing, got {shown:?}"));

    // A task added by typing.
    let program = "import asyncio\n\nasync def tick(name, delay):\n    await asyncio.sleep(delay)\n    print(name, delay)\n\nasync def main():\n    await asyncio.gather(tick(\"slow\", 0.4), tick(\"fast\", 0.2))\n    print(\"done\")\n\nasyncio.run(main())\n";
    type_program(program).await?;
    press("run").await?;
    let status = e2e::wait_run_end(client, RUN_TIMEOUT).await?;
    let run = read_run(client).await?;
    c.run = Some(run.clone());
    c.check(status == "done", || format!("the edited program should run to its end, status {status:?}"));
    expect_lines(c, &run, &[("fast 0.2", 200.0), ("slow 0.4", 400.0), ("done", 400.0)], true);
    // Its model is the same program on a virtual clock, computed once it has run: the two sleeps
    // overlap, so exactly 400 ms, and the page says what the difference from the measured time is.
    let model = wait_text(client, "predicted-ms", RUN_TIMEOUT, |t| t != "…" && t != "—").await?.unwrap_or_default();
    c.check(model == "400", || format!("the edited program's model should be 400 ms, got {model:?}"));
    let note = text_of(client, "model-note").await?.unwrap_or_default();
    c.check(note.contains("virtual clock"), || format!("the page should say what the model is, got {note:?}"));

    // The address carries the program; opening it (with run=1) runs the same program.
    let href: String = client.execute("return location.href", vec![]).await?.as_str().unwrap_or_default().to_string();
    c.check(href.contains("code="), || format!("the address should carry the program, got {href}"));
    press("share").await?;
    let _ = wait_text(client, "share-note", RENDER_TIMEOUT, |t| !t.is_empty()).await?;
    let link = format!("{href}&run=1");
    match e2e::run_to_done(client, &link, RUN_TIMEOUT).await {
        Ok(run) => c.check(run.texts() == ["fast 0.2", "slow 0.4", "done"], || format!("the shared link {link} should run the edited program, got {}", run.dump())),
        Err(e) => c.fail(format!("the shared link {link} did not run: {e}")),
    }

    // A typo: CPython's syntax error, and nothing runs.
    type_program("import asyncio\n\nasync def main():\n    print(x  2)\n\nasyncio.run(main())\n").await?;
    press("run").await?;
    let status = e2e::wait_run_end(client, RUN_TIMEOUT).await?;
    let text = text_of(client, "exception").await?.unwrap_or_default();
    c.check(status == "error" && text.contains("line 4") && text.ends_with("SyntaxError: invalid syntax. Perhaps you forgot a comma?"), || format!("expected CPython's syntax error at line 4, got {status:?}: {text:?}"));

    // A coroutine that computes forever: the page answers, and Stop ends it within 100 ms.
    type_program("import asyncio\n\nasync def main():\n    n = 0\n    while True:\n        n += 1\n\nasyncio.run(main())\n").await?;
    press("run").await?;
    wait_status(client, &["running"], RUN_TIMEOUT).await?;
    // While it computes, the page answers: a script round trip waits for the main thread.
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let t = Instant::now();
        client.execute("return performance.now()", vec![]).await?;
        slowest = slowest.max(t.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.check(slowest < Duration::from_millis(150), || format!("the page should answer while the program computes; the slowest of ten round trips took {slowest:?}"));
    // Stop, measured in the page itself: from the click to the status leaving "running".
    let took = client
        .execute(
            r#"const t0 = performance.now();
               document.querySelector('[data-testid="stop"]').click();
               return new Promise(done => {
                 const poll = () => document.querySelector('[data-testid="run-status"]').textContent === 'running'
                   ? setTimeout(poll, 1) : done(performance.now() - t0);
                 poll();
               });"#,
            vec![],
        )
        .await?
        .as_f64()
        .unwrap_or(f64::NAN);
    c.check(took < 100.0, || format!("Stop should end a computing program within 100 ms, took {took} ms"));


    // Reset: the lesson's own listing again, and the address without the program.
    press("reset").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let editors = client.find_all(Locator::Css(editor)).await?;
    let listing = text_of(client, "listing").await?.unwrap_or_default();
    let href: String = client.execute("return location.href", vec![]).await?.as_str().unwrap_or_default().to_string();
    c.check(editors.is_empty() && listing.contains("print(\"world\")") && !href.contains("code="), || format!("Reset should bring back the listing and drop code= from {href}"));

    // A program alone, as any tool can link it (base64url of its text, padding kept as Python's
    // base64.urlsafe_b64encode writes it): the scratch page runs it.
    let alone = ctx.plain.url("/?code=aW1wb3J0IGFzeW5jaW8KYXN5bmMgZGVmIG1haW4oKToKICAgIGF3YWl0IGFzeW5jaW8uc2xlZXAoMC4xKQogICAgcHJpbnQoIuS9oOWlvSIpCmFzeW5jaW8ucnVuKG1haW4oKSkK&run=1");
    match e2e::run_to_done(client, &alone, RUN_TIMEOUT).await {
        Ok(run) => expect_lines(c, &run, &[("你好", 100.0)], true),
        Err(e) => c.fail(format!("a program alone in the address should run on the scratch page: {e}")),
    }
    Ok(())
}

/// A listing that raises shows CPython's traceback, with the listing's own line numbers.
async fn an_uncaught_exception_shows_cpythons_traceback(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let client = ctx.browser.client();
    ctx.open(c, &ctx.plain, "lesson=asyncio-exception-gather&variant=raise&run=1").await?;
    let status = e2e::wait_run_end(client, RUN_TIMEOUT).await?;
    let text = text_of(client, "exception").await?.unwrap_or_default();
    let stderr = include_str!("../../python/lessons/asyncio-exception-gather--raise.err");
    let frames: Vec<&str> = stderr.lines().filter(|l| l.starts_with("  File \"") && !l.contains("<stdlib>")).collect();
    c.check(status == "error", || format!("expected the run to end in error, it is {status:?}"));
    c.check(text.starts_with("Traceback (most recent call last):") && text.trim_end().ends_with("ValueError: 出错"), || format!("expected CPython's traceback, got {text:?}"));
    for f in frames {
        let ours = f.replace("lessons/asyncio-exception-gather--raise.py", "asyncio-exception-gather.py");
        c.check(text.contains(&ours), || format!("the traceback should hold CPython's frame {ours:?}, got {text:?}"));
    }
    Ok(())
}

/// `embed=1`, for an iframe in a course page: the lesson runs as on the full site, without the
/// lesson list or previous/next, and with a link that opens the same lesson, as edited, in a new tab.
async fn embedded_lesson_stands_alone(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let client = ctx.browser.client();
    let run = ctx
        .run(
            c,
            &ctx.isolated,
            "lesson=hello-sleep-world&delay=0.3&embed=1&run=1",
        )
        .await?;
    expect_lines(c, &run, &[("Hello", 0.0), ("world", 300.0)], true);
    let page = client
        .execute(
            r#"const q = s => document.querySelectorAll(s).length;
               const open = document.querySelector('[data-testid="open-full"]');
               return { embedded: q('[data-testid="embedded"]'), links: q('[data-testid="lesson-link"]'),
                        filter: q('[data-testid="lesson-filter"]'), next: q('[data-testid="next-lesson"]'),
                        href: open ? open.getAttribute('href') : null, target: open ? open.target : null };"#,
            vec![],
        )
        .await?;
    let n = |k: &str| page[k].as_u64().unwrap_or(u64::MAX);
    c.check(n("embedded") == 1, || {
        format!("no data-testid=\"embedded\" root: {page}")
    });
    c.check(
        n("links") == 0 && n("filter") == 0 && n("next") == 0,
        || {
            format!(
                "an embedded lesson should show no lesson list, filter or previous/next: {page}"
            )
        },
    );
    let href = page["href"].as_str().unwrap_or("");
    c.check(
        href.contains("lesson=hello-sleep-world") && href.contains("delay=0.3") && !href.contains("embed"),
        || format!("the open-in-the-playground link should carry the lesson and its edits, not embed: {href:?}"),
    );
    c.check(page["target"] == "_blank", || {
        format!("the open-in-the-playground link should open a new tab: {page}")
    });
    // Switching the language rewrites the page's own address, which must stay embedded.
    client
        .find(fantoccini::Locator::Css(".lang button:not(.on)"))
        .await?
        .click()
        .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let search = client.execute("return location.search;", vec![]).await?;
    let search = search.as_str().unwrap_or("");
    c.check(
        search.contains("embed=1") && search.contains("lang="),
        || format!("after switching the language the address should keep embed=1: {search:?}"),
    );
    Ok(())
}

/// On a phone-sized window the lesson comes before the list of lessons, and nothing is wider than
/// the window (no sideways scrolling of the whole page).
async fn narrow_screen_shows_the_lesson_first(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    let client = ctx.browser.client();
    client.set_window_size(420, 900).await?;
    ctx.open(c, &ctx.isolated, "lesson=semaphore-limit-2")
        .await?;
    expect_testid(ctx, c, "run-status").await?;
    let layout = client
        .execute(
            r#"const top = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().top : null; };
               return { lesson: top('main.lesson h1'), list: top('[data-testid="lesson-filter"]'),
                        page: document.documentElement.scrollWidth, window: window.innerWidth };"#,
            vec![],
        )
        .await?;
    let (lesson, list) = (layout["lesson"].as_f64(), layout["list"].as_f64());
    c.check(matches!((lesson, list), (Some(l), Some(n)) if l < n), || {
        format!("on a narrow window the lesson's title should come before the lesson list: {layout}")
    });
    let (page, window) = (
        layout["page"].as_f64().unwrap_or(f64::MAX),
        layout["window"].as_f64().unwrap_or(0.0),
    );
    c.check(page <= window, || {
        format!("the page is {page} px wide in a {window} px window: {layout}")
    });
    Ok(())
}

/// What a learner does by hand rather than by URL: types a value into a field (and sees a bad one
/// refused with a message), picks a variant, presses Ctrl+Enter, and gets a run of the edited program,
/// with the address updated so that the edited lesson can be shared.
async fn editing_in_the_page_reruns_with_the_new_values(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    use fantoccini::{key::Key, Locator};
    let client = ctx.browser.client();
    ctx.open(c, &ctx.isolated, "lesson=lock-counter").await?;
    wait_text(client, "workers", RENDER_TIMEOUT, |s| {
        s.trim().parse::<u32>().is_ok_and(|n| n >= 2)
    })
    .await?;
    let field = r#"input.param[data-param="threads"]"#;
    let type_into = |text: &'static str| async move {
        let input = client.find(Locator::Css(field)).await?;
        input.click().await?;
        input
            .send_keys(&(Key::End.to_string() + &Key::Backspace.to_string().repeat(8) + text))
            .await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        Result::<()>::Ok(())
    };

    // A bad value: a message next to the field, and Run refuses.
    type_into("0").await?;
    let error = wait_text(client, "param-error", RENDER_TIMEOUT, |_| true).await?;
    c.check(error.is_some(), || {
        "threads = 0 should show a param-error next to the field".into()
    });
    let disabled = client
        .find(Locator::Css(r#"[data-testid="run"]"#))
        .await?
        .attr("disabled")
        .await?;
    c.check(disabled.is_some(), || {
        "Run should be disabled while a field is wrong".into()
    });

    // A good value and the variant without the lock, then Run.
    type_into("60").await?;
    client
        .find(Locator::Css(
            r#"input[name="variant"][data-variant="no-lock"]"#,
        ))
        .await?
        .click()
        .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The listing's editable values are fields of their own, kept in step with the form.
    let listing = text_of(client, "listing").await?.unwrap_or_default();
    let inline = client
        .find(Locator::Css(r#"input.inline[data-param="threads"]"#))
        .await?
        .prop("value")
        .await?;
    c.check(!listing.contains("with lock:") && inline.as_deref() == Some("60"), || {
        format!("the listing should be the no-lock program for 60 threads, got {listing:?} with threads = {inline:?}")
    });
    // Ctrl+Enter in the field runs the lesson, as the Run button would. In WebDriver's key
    // sequences a modifier stays pressed until the Null key releases it.
    let input = client.find(Locator::Css(field)).await?;
    input
        .send_keys(&format!(
            "{}{}{}",
            char::from(Key::Control),
            char::from(Key::Enter),
            char::from(Key::Null)
        ))
        .await?;
    wait_status(client, &["running", "done", "error"], RENDER_TIMEOUT).await?;
    e2e::wait_run_end(client, RUN_TIMEOUT).await?;
    let run = e2e::read_run(client).await?;
    let value = final_counter(&run);
    c.check(value.is_some_and(|n| n < 60), || {
        format!(
            "60 threads without the lock should lose updates, got {:?}",
            run.lines.last()
        )
    });
    c.run = Some(run);
    let search = client.execute("return location.search;", vec![]).await?;
    let search = search.as_str().unwrap_or("");
    c.check(
        search.contains("threads=60") && search.contains("variant=no-lock"),
        || format!("the address should carry the edits: {search:?}"),
    );
    Ok(())
}

// ---- strict addresses ----

/// Addresses with something wrong in them, each with `run=1`: the page reports the problem and
/// runs nothing (not the first lesson, not a default value, not the corrected program).
const RUNS_THAT_SHOULD_NOT_HAPPEN: &[&str] = &[
    "lesson=no-such-lesson&run=1",
    "lesson=%3Cscript%3Ealert(1)%3C%2Fscript%3E&run=1",
    "lesson=hello-sleep-world%22%3E%3Cimg%20src%3Dx%3E&run=1",
    "lesson=lock-counter&threads=%E0%A4%A&run=1",
    "lesson=lock-counter&threads=%&run=1",
    "lesson=lock-counter&threads=%ZZ&run=1",
    "lesson=lock-counter&threads=%C3%28&run=1",
    "lesson=lock-counter&threads=%2&run=1",
    "lesson=hello-sleep-world&%ZZ=1&run=1",
    "lesson=lock-counter&variant=bogus&run=1",
    "lesson=asyncio-queue-cancel-consumer&variant=bogus&run=1",
    "lesson=asyncio-gather-fetch&pages=6&pages=3&run=1",
    "lesson=asyncio-gather-fetch&pages=3&pages=2&run=1",
    "lesson=hello-sleep-world&lesson=say-hello&run=1",
];

/// What the page shows of its messages and how wide its parts are, read in one script.
const PAGE_SHAPE: &str = r#"
    const texts = s => Array.from(document.querySelectorAll(s), e => e.textContent);
    const widths = s => Array.from(document.querySelectorAll(s), e => e.getBoundingClientRect().width);
    const rights = s => Array.from(document.querySelectorAll(s), e => e.getBoundingClientRect().right);
    const st = document.querySelector('[data-testid="run-status"]');
    return {
        errors: texts('[data-testid="page-error"]'),
        paramErrors: texts('[data-testid="param-error"]'),
        lines: document.querySelectorAll('[data-testid="output-line"]').length,
        status: st ? st.textContent.trim() : null,
        title: (document.querySelector('main.lesson h1') || {}).textContent || null,
        injected: document.querySelectorAll('main img, main script').length,
        fieldWidths: widths('[data-param]'),
        messageRights: rights('[data-testid="page-error"], [data-testid="param-error"], .note'),
        page: document.documentElement.scrollWidth,
        height: document.documentElement.scrollHeight,
        window: window.innerWidth,
    };
"#;

async fn page_shape(ctx: &Ctx) -> Result<serde_json::Value> {
    Ok(ctx.browser.client().execute(PAGE_SHAPE, vec![]).await?)
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// Watches the page for `period`: `run-status` must stay `idle` and no output line may appear.
async fn expect_nothing_runs(ctx: &Ctx, c: &mut Checks, query: &str, period: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < period {
        let shape = page_shape(ctx).await?;
        let (status, lines) = (shape["status"].as_str().unwrap_or("?"), shape["lines"].as_u64().unwrap_or(0));
        if status != "idle" || lines > 0 {
            c.fail(format!(
                "{query}: run-status is {status:?} with {lines} output lines {} ms after the message appeared; nothing should run",
                start.elapsed().as_millis()
            ));
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Nothing the page draws may be wider than the window: not the page, not a field, not a message.
fn expect_fits_the_window(c: &mut Checks, what: &str, shape: &serde_json::Value) {
    let window = shape["window"].as_f64().unwrap_or(0.0);
    let page = shape["page"].as_f64().unwrap_or(f64::MAX);
    c.check(page <= window, || format!("{what}: the page is {page} px wide in a {window} px window"));
    let widest = |key: &str| {
        shape[key].as_array().into_iter().flatten().filter_map(|w| w.as_f64()).fold(0.0, f64::max)
    };
    let field = widest("fieldWidths");
    c.check(field <= window, || format!("{what}: a field is {field} px wide in a {window} px window"));
    let message = widest("messageRights");
    c.check(message <= window, || format!("{what}: a message reaches {message} px in a {window} px window"));
}

async fn address_problems_run_nothing(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    for query in RUNS_THAT_SHOULD_NOT_HAPPEN {
        ctx.open(c, &ctx.isolated, query).await?;
        let shown = wait_text(ctx.browser.client(), "page-error", RENDER_TIMEOUT, |_| true).await?;
        if shown.is_none() {
            c.fail(format!("{query}: no data-testid=\"page-error\" within {RENDER_TIMEOUT:?}"));
            continue;
        }
        // A thread lesson would run as soon as its worker pool is up, a fraction of a second
        // after the page is drawn: two seconds is long enough to see it happen.
        expect_nothing_runs(ctx, c, query, Duration::from_secs(2)).await?;
        let shape = page_shape(ctx).await?;
        c.check(shape["title"].is_string(), || format!("{query}: the page should still show a lesson: {shape}"));
        c.check(shape["injected"].as_u64() == Some(0), || format!("{query}: markup from the address reached the page: {shape}"));
        if query.contains("script") {
            let errors = strings(&shape["errors"]);
            c.check(errors.iter().any(|e| e.contains("<script>")), || {
                format!("{query}: the message should quote the id as text: {errors:?}")
            });
        }
    }
    Ok(())
}

/// Opens an address too long to print whole: a failure report names it by its start and length.
async fn open_long(ctx: &Ctx, c: &mut Checks, query: &str) -> Result<()> {
    ctx.open(c, &ctx.isolated, query).await?;
    let start: String = query.chars().take(100).collect();
    c.url = Some(format!("?{start}… ({} characters)", query.len()));
    Ok(())
}

async fn address_floods_show_one_message_and_fit_the_window(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    // The same lesson without a flood, to compare the page's height with.
    ctx.open(c, &ctx.isolated, "lesson=say-hello").await?;
    expect_testid(ctx, c, "run-status").await?;
    let plain_height = page_shape(ctx).await?["height"].as_f64().unwrap_or(0.0);

    // One unknown name given 25,600 times: one message with the count, in either language.
    let flood = "&x=1".repeat(25_600);
    for (lang, needle) in [("en", "no parameter “x”"), ("zh", "本课没有参数 “x”")] {
        let query = format!("lesson=say-hello{flood}&lang={lang}&run=1");
        open_long(ctx, c, &query).await?;
        expect_testid(ctx, c, "page-error").await?;
        let what = format!("say-hello with x=1 × 25600 (lang={lang})");
        expect_nothing_runs(ctx, c, &what, Duration::from_millis(500)).await?;
        let shape = page_shape(ctx).await?;
        let errors = strings(&shape["errors"]);
        c.check(errors.len() == 1 && errors[0].contains(needle) && errors[0].contains("×25600"), || {
            format!("{what}: expected one message about “x” with its count (×25600), got {} : {:?}", errors.len(), &errors[..errors.len().min(3)])
        });
        let height = shape["height"].as_f64().unwrap_or(f64::MAX);
        c.check(height <= plain_height + 200.0, || {
            format!("{what}: the page is {height} px tall, {plain_height} px without the flood")
        });
        expect_fits_the_window(c, &what, &shape);
    }

    // Thousands of different unknown names: the first few messages and a count of the rest.
    let names: String = (0..3000).map(|i| format!("&x{i}=1")).collect();
    open_long(ctx, c, &format!("lesson=say-hello{names}")).await?;
    expect_testid(ctx, c, "page-error").await?;
    let shape = page_shape(ctx).await?;
    let errors = strings(&shape["errors"]);
    c.check(errors.len() <= 10, || format!("3000 unknown names: {} messages drawn, expected at most 10", errors.len()));
    let height = shape["height"].as_f64().unwrap_or(f64::MAX);
    c.check(height <= plain_height + 1000.0, || format!("3000 unknown names: the page is {height} px tall"));

    // Values too long to be meant: refused, quoted by their start only, nothing widened.
    let huge = "a".repeat(102_418);
    let long_number = "1".repeat(200);
    let cases = [
        (format!("lesson=lock-counter&threads={huge}&run=1"), "too long", true),
        (format!("lesson={huge}&run=1"), "too long", true),
        (format!("lesson=lock-counter&{huge}=1&run=1"), "too long", true),
        // At the longest length taken, the value reaches its field and is refused there.
        (format!("lesson=lock-counter&threads={long_number}&run=1"), "between", false),
    ];
    for width in [1280, 420] {
        ctx.browser.client().set_window_size(width, 900).await?;
        for (query, needle, page_level) in &cases {
            let what = format!("{}… at {width} px", &query[..40]);
            open_long(ctx, c, query).await?;
            expect_testid(ctx, c, if *page_level { "page-error" } else { "param-error" }).await?;
            expect_nothing_runs(ctx, c, &what, Duration::from_millis(500)).await?;
            let shape = page_shape(ctx).await?;
            let messages: Vec<String> = strings(&shape["errors"]).into_iter().chain(strings(&shape["paramErrors"])).collect();
            let previews: Vec<String> = messages.iter().map(|m| m.chars().take(120).collect()).collect();
            c.check(messages.iter().any(|m| m.contains(needle)), || format!("{what}: expected a message with {needle:?}: {previews:?}"));
            for m in &messages {
                c.check(m.chars().count() < 200, || {
                    format!("{what}: a message of {} characters; it should quote only a short prefix", m.chars().count())
                });
            }
            expect_fits_the_window(c, &what, &shape);
        }
    }
    Ok(())
}

/// Counts the Web Workers a page constructs, from before its first script runs.
const COUNT_WORKERS: &str = r#"
    (() => {
        const Original = window.Worker;
        if (!Original) return;
        window.__workersConstructed = 0;
        window.Worker = class extends Original {
            constructor(...args) { super(...args); window.__workersConstructed += 1; }
        };
    })();
"#;

async fn workers_constructed(ctx: &Ctx) -> Result<Option<u64>> {
    let v = ctx.browser.client().execute("return window.__workersConstructed ?? null;", vec![]).await?;
    Ok(v.as_u64())
}

/// The thread pool is started by the first thread lesson shown, not by the page: an event-loop
/// lesson (run or not) and a process lesson shown but not run start no Web Worker at all.
async fn event_loop_and_process_lessons_start_no_thread_pool(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    ctx.browser.add_init_script(COUNT_WORKERS)?;
    let client = ctx.browser.client();
    let run = ctx.run(c, &ctx.isolated, "lesson=hello-sleep-world&run=1").await?;
    expect_lines(c, &run, &[("Hello", 0.0), ("world", 1000.0)], true);
    // Anything started at load would have shown up well within a second after the run.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let made = workers_constructed(ctx).await?;
    c.check(made == Some(0), || format!("hello-sleep-world constructed {made:?} Web Workers, expected 0"));
    let workers = text_of(client, "workers").await?;
    c.check(workers.as_deref().map(str::trim) == Some("0"), || format!("workers reads {workers:?}, expected \"0\""));

    ctx.open(c, &ctx.isolated, "lesson=mp-queue-hello").await?;
    expect_testid(ctx, c, "run-status").await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let made = workers_constructed(ctx).await?;
    c.check(made == Some(0), || format!("mp-queue-hello, shown and not run, constructed {made:?} Web Workers, expected 0"));

    // The count does see workers: choosing a thread lesson from the list starts the pool.
    client
        .find(fantoccini::Locator::Css(r#"[data-testid="lesson-link"][data-lesson="threadpool-basics"]"#))
        .await?
        .click()
        .await?;
    let at_least_two = |s: &str| s.trim().parse::<u32>().is_ok_and(|n| n >= 2);
    let workers = wait_text(client, "workers", RENDER_TIMEOUT, at_least_two).await?;
    let pool: Option<u64> = workers.as_deref().and_then(|w| w.trim().parse().ok());
    let made = workers_constructed(ctx).await?;
    c.check(pool.is_some() && made == pool, || {
        format!("after choosing threadpool-basics: workers reads {workers:?} and {made:?} Web Workers were constructed; expected the pool's size for both")
    });
    Ok(())
}

/// A run started by the address is as accurate as one started later by hand: the producer's
/// second line is due 200 ms into the run (it sleeps `interval` = 0.2 s after the first).
async fn run_on_load_is_as_accurate_as_a_later_run(ctx: &Ctx, c: &mut Checks) -> Result<()> {
    const QUERY: &str = "lesson=asyncio-queue-cancel-consumer&items=3&interval=0.2&work=0.5&variant=no-join&run=1";
    let mut times = Vec::new();
    for _ in 0..3 {
        let run = ctx.run(c, &ctx.isolated, QUERY).await?;
        match run.lines.iter().find(|(_, text)| text == "Produced 1") {
            Some((t, _)) => times.push(*t),
            None => c.fail(format!("no \"Produced 1\" line: {:?}", run.texts())),
        }
    }
    c.check(times.iter().all(|t| (195.0..=215.0).contains(t)), || {
        format!("\"Produced 1\" printed at {times:?} ms; expected 200 ms (195..=215) in every run")
    });
    Ok(())
}
