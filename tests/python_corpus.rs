//! The conformance corpus: every program in `tests/python/` runs on our interpreter (natively, on
//! a virtual clock) and must print what CPython 3.11 printed for it, recorded by
//! `tests/python/generate.py`.
//!
//! What is compared: stdout byte for byte, the exit code, stderr's last line (the exception), and
//! the `File "...", line N` lines of the program's own frames (not CPython's standard-library
//! frames, and not the source and caret lines).
//!
//! Programs the interpreter cannot run yet are listed in `tests/python/PENDING`, one path a line.
//! The test fails when a listed program starts to pass (take it off the list) as much as when an
//! unlisted one fails, so the list is always the true state of the interpreter.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use concurrency_playground::core::event_loop::{Clock, VirtualClock};
use concurrency_playground::core::pymodules::{run_async_program, ProgramRun};
use concurrency_playground::core::python::runtime::Captured;
use concurrency_playground::core::python::Ending;
use concurrency_playground::core::trace::null_sink;

mod cpython;
use cpython::ports_hidden;

/// Runs one corpus program the way `pyrun --virtual-clock` does: asyncio on the event-loop engine,
/// sleeps on the virtual clock (they take no time, so timings print exactly).
fn run(dir: &Path, rel: &str) -> Observed {
    let source = std::fs::read_to_string(dir.join(rel)).expect("corpus file is readable");
    let out = Arc::new(Captured::default());
    let clock: Rc<dyn Clock> = Rc::new(VirtualClock::default());
    let run = ProgramRun::new(null_sink(), Some(out.clone()));
    // A runaway program (an interpreter bug) ends after ten seconds instead of hanging the suite.
    let stop = run.stop.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(10));
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let ending = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| futures::executor::block_on(run_async_program(&source, rel, clock, run))));
    let ending = ending.unwrap_or_else(|_| Ending::Failed { stderr: "PANIC in the interpreter\n".into() });
    let stdout = out.text.lock().clone();
    let mut stderr = out.err.lock().clone();
    stderr.push_str(ending.stderr());
    Observed { stdout, exit: ending.exit_code(), stderr }
}

struct Observed {
    stdout: String,
    exit: i32,
    stderr: String,
}

/// The lines of stderr that the comparison looks at.
fn significant(stderr: &str) -> (Vec<String>, String) {
    let files = stderr
        .lines()
        .filter(|l| l.starts_with("  File \"") && !l.contains("<stdlib>"))
        .map(|l| l.to_string())
        .collect();
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
    (files, last)
}

fn corpus(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for area in ["lang", "builtins", "errors", "modules", "asyncio", "lessons"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(area)).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        files.sort();
        for f in files {
            if f.extension().and_then(|e| e.to_str()) == Some("py") {
                out.push(format!("{area}/{}", f.file_name().and_then(|n| n.to_str()).unwrap_or("")));
            }
        }
    }
    out
}

/// Why a program's run differs from CPython's, or None when it matches.
fn difference(dir: &Path, rel: &str) -> Option<String> {
    let stem = rel.trim_end_matches(".py");
    let want_out = std::fs::read_to_string(dir.join(format!("{stem}.out"))).unwrap_or_default();
    let recorded_err = std::fs::read_to_string(dir.join(format!("{stem}.err"))).unwrap_or_default();
    // A program CPython never finishes (tests/python/HANGS) must print what CPython printed
    // before it hung, and then end with the engine's deadlock report.
    let hangs = recorded_err.starts_with("exit hang");
    let (want_exit, want_err) = match std::fs::read_to_string(dir.join(format!("{stem}.err"))) {
        Ok(_) if hangs => (1, String::new()),
        Ok(text) => {
            let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
            (first.trim_start_matches("exit ").trim().parse().unwrap_or(1), rest.to_string())
        }
        Err(_) => (0, String::new()),
    };
    let mut got = run(dir, rel);
    got.stdout = ports_hidden(&got.stdout);
    if got.stdout != want_out {
        let line = got.stdout.lines().zip(want_out.lines()).position(|(a, b)| a != b).unwrap_or(got.stdout.lines().count().min(want_out.lines().count()));
        return Some(format!(
            "stdout differs at line {}: got {:?}, CPython {:?}{}",
            line + 1,
            got.stdout.lines().nth(line).unwrap_or("<end>"),
            want_out.lines().nth(line).unwrap_or("<end>"),
            if got.stderr.is_empty() { String::new() } else { format!(" (stderr: {:?})", significant(&got.stderr).1) }
        ));
    }
    if hangs {
        return (!got.stderr.contains("CPython would wait here forever")).then(|| format!("CPython hangs here, but the run ended without a deadlock report (stderr: {:?})", significant(&got.stderr).1));
    }
    if got.exit != want_exit {
        return Some(format!("exit code {} where CPython's is {want_exit} (stderr: {:?})", got.exit, significant(&got.stderr).1));
    }
    let (got_files, got_last) = significant(&got.stderr);
    let (want_files, want_last) = significant(&want_err);
    if got_last != want_last {
        return Some(format!("last stderr line {got_last:?} where CPython's is {want_last:?}"));
    }
    if got_files != want_files {
        return Some(format!("traceback frames {got_files:?} where CPython's are {want_files:?}"));
    }
    None
}

#[test]
fn every_corpus_program_prints_what_cpython_printed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python");
    let pending_text = std::fs::read_to_string(dir.join("PENDING")).unwrap_or_default();
    let pending: std::collections::HashSet<&str> = pending_text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let programs = corpus(&dir);
    assert!(programs.len() >= 300, "the corpus should hold at least 300 programs, found {}", programs.len());
    let mut regressions = Vec::new();
    let mut now_passing = Vec::new();
    let mut passed = 0;
    for rel in &programs {
        let diff = difference(&dir, rel);
        match (&diff, pending.contains(rel.as_str())) {
            (None, false) => passed += 1,
            (None, true) => now_passing.push(rel.clone()),
            (Some(d), false) => regressions.push(format!("{rel}: {d}")),
            (Some(_), true) => {}
        }
    }
    if std::env::var("CORPUS_REPORT").is_ok() {
        for rel in &programs {
            if let Some(d) = difference(&dir, rel) {
                println!("FAIL {rel}: {d}");
            }
        }
    }
    println!("corpus: {passed} of {} programs match CPython; {} pending", programs.len(), pending.len());
    assert!(regressions.is_empty(), "{} programs differ from CPython and are not in tests/python/PENDING:\n{}", regressions.len(), regressions.join("\n"));
    assert!(now_passing.is_empty(), "these programs now match CPython: take them off tests/python/PENDING:\n{}", now_passing.join("\n"));
}
