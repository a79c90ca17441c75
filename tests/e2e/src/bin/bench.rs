//! Benchmark figures of the built site: `cargo run --release -p e2e --bin bench`.
//!
//! Prints one line per figure: how close N concurrent sleeps come to the predicted time, our Python
//! interpreter against python3 on the same programs (natively and in the page), the GIL lesson's
//! speed-ups on this machine's cores, and the gzipped download size of the wasm and JS.
//! It asserts nothing; a figure that cannot be measured is reported and makes the exit code 1.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use e2e::{
    dist_dir, error_texts, open, read_timing, serve, speedups, text_of, wait_run_end, Browser,
    Result, Server,
};
use fantoccini::Client;
use flate2::write::GzEncoder;
use flate2::Compression;

const SLEEP_TASKS: [usize; 3] = [5, 1000, 10_000];
const REPEATS: usize = 3;
/// Ten thousand output lines take the page a while to render, well beyond the run itself.
const SLEEP_TIMEOUT: Duration = Duration::from_secs(180);
const GIL_TIMEOUT: Duration = Duration::from_secs(600);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let dist = match dist_dir() {
        Ok(dist) => dist,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // `bench NAME...` measures only the named figures (gzip, sleep, interpreter, gil, process).
    let only: Vec<String> = std::env::args().skip(1).collect();
    let wanted = |figure: &str| only.is_empty() || only.iter().any(|o| figure.starts_with(o.as_str()));
    let mut ok = true;
    if wanted("gzip") {
        ok &= report("gzip", gzip_sizes(&dist));
    }

    let server = serve(&dist, true);
    let browser = match Browser::start().await {
        Ok(browser) => browser,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for tasks in SLEEP_TASKS {
        if wanted("sleep") {
            ok &= report(
                &format!("sleep-{tasks}"),
                sleeps(&browser, &server, tasks).await,
            );
        }
    }
    if wanted("interpreter") {
        ok &= report("interpreter", interpreter(&browser, &server).await);
    }
    if wanted("gil-fib-compare") {
        ok &= report("gil-fib-compare", gil(&browser, &server).await);
    }
    if wanted("process-startup") {
        ok &= report("process-startup", process_startup(&browser, &server).await);
    }
    if wanted("process-round-trip") {
        ok &= report(
            "process-round-trip",
            process_round_trip(&browser, &server).await,
        );
    }
    if let Err(e) = browser.quit().await {
        eprintln!("warning: closing the browser: {e}");
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn report(figure: &str, outcome: Result<()>) -> bool {
    match outcome {
        Ok(()) => true,
        Err(e) => {
            println!("{figure}: failed: {e}");
            false
        }
    }
}

/// `N` concurrent one-second sleeps, run `REPEATS` times: elapsed against predicted.
async fn sleeps(browser: &Browser, server: &Server, tasks: usize) -> Result<()> {
    let client = browser.client();
    let url = server.url(&format!(
        "/?lesson=asyncio-gather-fetch-data&tasks={tasks}&delay=1&run=1"
    ));
    let mut runs = Vec::new();
    for _ in 0..REPEATS {
        open(client, &url).await?;
        finish(client, &url, SLEEP_TIMEOUT).await?;
        let timing = read_timing(client).await?;
        if !(timing.elapsed_ms.is_finite() && timing.predicted_ms.is_finite()) {
            return Err(format!("{url}: elapsed/predicted not numbers: {timing:?}").into());
        }
        runs.push((timing.elapsed_ms, timing.predicted_ms));
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let name = format!("sleep-{tasks}");
    print_sleep(&name, runs[0], "best");
    print_sleep(&name, runs[runs.len() / 2], "median");
    Ok(())
}

/// Waits for the opened run to end and turns an `error` ending into an `Err` with the page's text.
async fn finish(client: &Client, url: &str, timeout: Duration) -> Result<()> {
    let status = wait_run_end(client, timeout)
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if status == "error" {
        let errors = error_texts(client).await?;
        return Err(format!("{url} ended in error: {errors:?}").into());
    }
    Ok(())
}

fn print_sleep(name: &str, (elapsed, predicted): (f64, f64), which: &str) {
    println!(
        "{name}: elapsed {elapsed:.0} ms, predicted {predicted:.0} ms, ratio {:.3} ({which} of {REPEATS})",
        elapsed / predicted
    );
    let _ = std::io::stdout().flush();
}

/// The programs the interpreter is measured on, in `tests/e2e/bench/`: each prints a result line
/// (the same for every runner, or the figure is not worth comparing) and then `elapsed N ms`, the
/// time it measured itself with `time.perf_counter()`, so start-up is left out everywhere. For the
/// sleeps the ideal is one second. A program can be run with one line of it replaced (the number
/// of tasks).
const PROGRAMS: [(&str, Option<(&str, &str)>, Option<f64>); 4] = [
    ("fib.py", None, None),
    ("strings.py", None, None),
    ("sleeps.py", None, Some(1000.0)),
    ("sleeps.py", Some(("TASKS = 10_000", "TASKS = 100_000")), Some(1000.0)),
];

/// What one run of a program printed: its result line and the time it measured.
struct Measured {
    result: String,
    ms: f64,
}

fn measured(runner: &str, program: &str, stdout: &str) -> Result<Measured> {
    let mut lines = stdout.lines();
    let result = lines.next().unwrap_or_default().to_string();
    let ms = lines
        .next()
        .and_then(|l| l.strip_prefix("elapsed "))
        .and_then(|l| l.strip_suffix(" ms"))
        .and_then(|n| n.parse::<f64>().ok())
        .ok_or_else(|| format!("{runner} {program}: no \"elapsed N ms\" line in {stdout:?}"))?;
    Ok(Measured { result, ms })
}

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bench")
}

/// The native runner, built by `make bench` before this binary runs.
fn pyrun() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("release/pyrun")
}

fn run_command(runner: &str, command: &mut std::process::Command, program: &str) -> Result<Measured> {
    let out = command
        .output()
        .map_err(|e| format!("{runner}: cannot start it: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{runner} {program} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    measured(runner, program, &String::from_utf8_lossy(&out.stdout))
}

/// The best of `REPEATS` runs (the least disturbed by the rest of the machine).
fn best(runs: Vec<Measured>) -> Measured {
    runs.into_iter()
        .min_by(|a, b| a.ms.total_cmp(&b.ms))
        .unwrap_or(Measured { result: String::new(), ms: f64::NAN })
}

/// Each program with python3, with our interpreter natively (`pyrun`) and in the page (the scratch
/// playground, opened with the program in its address): the best of three, the ratios to
/// python3, and for the sleeps elapsed/ideal for every runner.
async fn interpreter(browser: &Browser, server: &Server) -> Result<()> {
    let client = browser.client();
    let dir = bench_dir();
    let pyrun = pyrun();
    if !pyrun.exists() {
        return Err(format!("{} is missing: `make bench` builds it", pyrun.display()).into());
    }
    let mut unfinished = Vec::new();
    for (file, replaced, ideal_ms) in PROGRAMS {
        let mut source = std::fs::read_to_string(dir.join(file))?;
        let mut program = file.to_string();
        if let Some((from, to)) = replaced {
            if !source.contains(from) {
                return Err(format!("{file} has no line {from:?}").into());
            }
            source = source.replace(from, to);
            program = format!("{file} ({to})");
        }
        // python3 and pyrun read the program as it is run from a file of its own.
        let path = std::env::temp_dir().join(format!("bench-{}-{file}", std::process::id()));
        std::fs::write(&path, &source)?;
        let program = program.as_str();
        let mut cpython = Vec::new();
        let mut native = Vec::new();
        let mut page = Vec::new();
        for _ in 0..REPEATS {
            cpython.push(run_command("python3", std::process::Command::new("python3").arg(&path), program)?);
            native.push(run_command("pyrun", std::process::Command::new(&pyrun).arg(&path), program)?);
            let url = server.url(&format!(
                "/?code={}&run=1",
                concurrency_playground::core::url::encode_code(&source)
            ));
            // A page that cannot finish the program is a figure too: the native ones still count.
            match page_run(client, &url, program).await {
                Ok(m) => page.push(m),
                Err(e) => {
                    println!("interpreter {program}: page failed: {e}");
                    break;
                }
            }
        }
        let _ = std::fs::remove_file(&path);
        let page_failed = page.len() < REPEATS;
        if page_failed {
            unfinished.push(program.to_string());
        }
        let (cpython, native, page) = (best(cpython), best(native), best(page));
        for (runner, m) in [("pyrun", &native), ("page", &page)] {
            if m.result != cpython.result && !(runner == "page" && page_failed) {
                return Err(format!("{program}: {runner} printed {:?}, python3 {:?}", m.result, cpython.result).into());
            }
        }
        let ideal = match ideal_ms {
            Some(ideal) => format!(
                "; elapsed/ideal python3 {:.2}, native {:.2}, page {:.2}",
                cpython.ms / ideal,
                native.ms / ideal,
                page.ms / ideal
            ),
            None => String::new(),
        };
        println!(
            "interpreter {program}: python3 {:.1} ms, native {:.1} ms ({:.2}x python3), page {:.1} ms ({:.2}x python3), best of {REPEATS}{ideal}",
            cpython.ms,
            native.ms,
            native.ms / cpython.ms,
            page.ms,
            page.ms / cpython.ms
        );
        let _ = std::io::stdout().flush();
    }
    if !unfinished.is_empty() {
        return Err(format!("the page did not finish {unfinished:?} (figures marked NaN)").into());
    }
    Ok(())
}

/// Opens the scratch playground with a program in its address, runs it, and reads what it printed.
async fn page_run(client: &Client, url: &str, program: &str) -> Result<Measured> {
    open(client, url).await?;
    finish(client, url, SLEEP_TIMEOUT).await?;
    let texts = client
        .execute(
            r#"return [...document.querySelectorAll('[data-testid="output-line"]')].map(l => l.textContent).join('\n');"#,
            vec![],
        )
        .await?;
    measured("page", program, texts.as_str().unwrap_or_default())
}

/// The GIL lesson on as many threads as the browser reports cores.
async fn gil(browser: &Browser, server: &Server) -> Result<()> {
    let client = browser.client();
    let cores = client
        .execute("return navigator.hardwareConcurrency;", vec![])
        .await?
        .as_u64()
        .unwrap_or(1);
    // Sixteen calls of fib(37) take a few seconds per phase: long enough that
    // starting the pool's threads is a small part of what is measured.
    let url = server.url(&format!(
        "/?lesson=gil-fib-compare&run=1&n=37&tasks=16&threads={cores}"
    ));
    let mut by_phase: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut workers = String::new();
    for _ in 0..REPEATS {
        open(client, &url).await?;
        finish(client, &url, GIL_TIMEOUT).await?;
        workers = text_of(client, "workers").await?.unwrap_or_default();
        let figures = speedups(client).await?;
        if figures.is_empty() {
            return Err(format!("{url}: no speedup elements").into());
        }
        for (phase, value) in figures {
            by_phase.entry(phase).or_default().push(value);
        }
    }
    for (phase, mut values) in by_phase {
        values.sort_by(|a, b| b.total_cmp(a));
        println!(
            "gil-fib-compare: phase {phase}: speed-up best {:.2}, median {:.2} of {} (16 x fib(37), threads {cores}, cores {cores}, pool workers {})",
            values[0],
            values[values.len() / 2],
            values.len(),
            workers.trim()
        );
    }
    Ok(())
}

/// Process start-up, read off the timeline's `start-up` bars of pool-map-square: from the moment
/// the parent asked for a worker to the moment its instance said it was ready. The first pool of a
/// page pays for loading the module into workers; the second shows the warm cost.
async fn process_startup(browser: &Browser, server: &Server) -> Result<()> {
    let client = browser.client();
    let url = server.url("/?lesson=pool-map-square&processes=4&tasks=4&delay=0.1&run=1");
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..REPEATS {
        open(client, &url).await?;
        finish(client, &url, SLEEP_TIMEOUT).await?;
        let bars = client
            .execute(
                r#"return [...document.querySelectorAll('[data-testid="bar"][data-label="start-up"]')]
                    .map(b => [b.closest('[data-testid="lane"]').dataset.lane,
                               parseFloat(b.dataset.startMs), parseFloat(b.dataset.endMs)]);"#,
                vec![],
            )
            .await?;
        let bars = bars.as_array().cloned().unwrap_or_default();
        if bars.len() != 8 {
            return Err(format!(
                "{url}: expected 8 start-up bars (two pools of 4), found {}",
                bars.len()
            )
            .into());
        }
        for (i, b) in bars.iter().enumerate() {
            let ms = b[2].as_f64().unwrap_or(f64::NAN) - b[1].as_f64().unwrap_or(f64::NAN);
            if i < 4 {
                cold.push(ms)
            } else {
                warm.push(ms)
            }
        }
    }
    for (name, mut v) in [("first pool of the page", cold), ("second pool", warm)] {
        v.sort_by(|a, b| a.total_cmp(b));
        println!(
            "process start-up per worker ({name}, 4 at once): median {:.1} ms, min {:.1} ms, max {:.1} ms over {} workers",
            v[v.len() / 2], v[0], v[v.len() - 1], v.len()
        );
    }
    Ok(())
}

/// The round trip of one small message between the page and a process: a pool of one worker maps
/// a function that returns at once over 200 items, so each job's start follows the previous job's
/// end by exactly one trip there and back (the result up to the parent, the next job down), read
/// off the worker's bars on the timeline.
async fn process_round_trip(browser: &Browser, server: &Server) -> Result<()> {
    let client = browser.client();
    let url = server.url("/?lesson=pool-map-square&processes=1&tasks=200&delay=0&run=1");
    let mut gaps = Vec::new();
    for _ in 0..REPEATS {
        open(client, &url).await?;
        finish(client, &url, SLEEP_TIMEOUT).await?;
        let bars = client
            .execute(
                r#"return [...document.querySelectorAll('[data-testid="lane"]')]
                    .filter(l => l.dataset.lane.startsWith('SpawnPoolWorker-1 '))
                    .flatMap(l => [...l.querySelectorAll('[data-testid="bar"][data-kind="Task"]')])
                    .filter(b => b.dataset.label.startsWith('square('))
                    .map(b => [parseFloat(b.dataset.startMs), parseFloat(b.dataset.endMs)]);"#,
                vec![],
            )
            .await?;
        let mut bars: Vec<(f64, f64)> = bars
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| {
                (
                    b[0].as_f64().unwrap_or(f64::NAN),
                    b[1].as_f64().unwrap_or(f64::NAN),
                )
            })
            .collect();
        if bars.len() < 100 {
            return Err(format!(
                "{url}: expected 200 job bars on the first worker, found {}",
                bars.len()
            )
            .into());
        }
        bars.sort_by(|a, b| a.0.total_cmp(&b.0));
        gaps.extend(bars.windows(2).map(|w| w[1].0 - w[0].1));
    }
    gaps.sort_by(|a, b| a.total_cmp(b));
    println!(
        "process message round trip (result up, next job down; page main thread <-> worker): median {:.2} ms, 10th percentile {:.2} ms, 90th {:.2} ms over {} trips",
        gaps[gaps.len() / 2],
        gaps[gaps.len() / 10],
        gaps[gaps.len() * 9 / 10],
        gaps.len()
    );
    Ok(())
}

/// What a browser downloads for the code: every `.wasm` and `.js` file, gzipped at level 6.
fn gzip_sizes(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect_code(dist, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(format!("no .wasm or .js files in {}", dist.display()).into());
    }
    let (mut raw_total, mut gz_total) = (0, 0);
    for file in &files {
        let raw = std::fs::read(file)?;
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(&raw)?;
        let gz = encoder.finish()?.len();
        let name = file.strip_prefix(dist).unwrap_or(file).display();
        println!("gzip {name}: {} bytes, {gz} bytes gzipped", raw.len());
        raw_total += raw.len();
        gz_total += gz;
    }
    println!(
        "gzip wasm+js total: {raw_total} bytes, {gz_total} bytes gzipped ({:.1} KiB)",
        gz_total as f64 / 1024.0
    );
    Ok(())
}

fn collect_code(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_code(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm") | Some("js")
        ) {
            files.push(path);
        }
    }
    Ok(())
}
