//! Every event-loop lesson's listing is also a program of the conformance corpus, as the page
//! shows it with its default values and with edited ones: `tests/python/lessons/<id>.py`,
//! `<id>--<variant>.py` for each variant, and `…--edited.py` with every value moved. Beside each,
//! `generate.py` records what CPython 3.11 printed (`.out`, `.err`) and when it printed each line
//! (`.times`). So the corpus test holds the lessons' own Python to CPython's output, and this file
//! holds the lesson runs to CPython's timing: the same lines, each at the time CPython printed
//! it, the same kind of ending and the same length of run.
//!
//! The first test also keeps those files true to the catalogue: it fails when a listing changes
//! and its file does not. `UPDATE_LISTINGS=1 cargo test --test lesson_listings` rewrites them
//! (then run `python3 tests/python/generate.py` for CPython's output).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use concurrency_playground::core::lesson::{render_listing, Engine, Kind, Lesson, Values};
use concurrency_playground::core::lessons;
use concurrency_playground::core::runner::{run_native_listing, Outcome};

mod cpython;

/// Listings whose CPython output cannot be recorded here: aiohttp is not installed on this machine
/// and it has no network to fetch from. `tests/tasks_and_io.rs` pins what they print and when.
const NOT_IN_CORPUS: &[&str] = &["aiohttp-create-task-3urls", "aiohttp-fetch-page", "aiohttp-session-gather", "asyncio-gather-fetch"];

/// The defaults, and (for a lesson with values) a second set with every value moved within its
/// range: a whole number one up or down, a duration half as long again, or halved at the top of
/// its range. The suffix names the set in the corpus file's name.
fn value_sets(lesson: &Lesson) -> Vec<(&'static str, Values)> {
    let mut sets = vec![("", Values::defaults(lesson))];
    if !lesson.params.is_empty() {
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
        sets.push(("edited", edited));
    }
    sets
}

/// One listing of the corpus: a lesson, a variant and a set of values, and its file.
struct Listing {
    lesson: &'static Lesson,
    variant: &'static str,
    values: Values,
    file: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/lessons")
}

/// Every listing that belongs in the corpus.
fn listings() -> Vec<Listing> {
    let mut out = Vec::new();
    for lesson in lessons::all().filter(|l| matches!(l.engine, Engine::EventLoop(_) | Engine::Python)) {
        if NOT_IN_CORPUS.contains(&lesson.id) {
            continue;
        }
        for variant in lesson.variants {
            let default_text = render_listing(lesson, variant.key, &Values::defaults(lesson));
            for (suffix, values) in value_sets(lesson) {
                // A published variant that shows no value is the same program whatever the values.
                if !suffix.is_empty() && render_listing(lesson, variant.key, &values) == default_text {
                    continue;
                }
                let file = [lesson.id, variant.key, suffix].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("--") + ".py";
                out.push(Listing { lesson, variant: variant.key, values, file });
            }
        }
    }
    out
}

#[test]
fn every_event_loop_listing_is_in_the_corpus() {
    let dir = corpus_dir();
    let update = std::env::var("UPDATE_LISTINGS").is_ok();
    let mut expected = std::collections::BTreeSet::new();
    let mut stale = Vec::new();
    for listing in listings() {
        let text = render_listing(listing.lesson, listing.variant, &listing.values);
        let path = dir.join(&listing.file);
        if update {
            std::fs::write(&path, &text).expect("the corpus directory is writable");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(listing.file.clone());
        }
        expected.insert(listing.file);
    }
    let present: std::collections::BTreeSet<String> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().filter_map(|e| e.file_name().into_string().ok()).filter(|n| n.ends_with(".py")).collect())
        .unwrap_or_default();
    let extra: Vec<&String> = present.difference(&expected).collect();
    assert!(expected.len() >= 40, "expected at least 40 event-loop listings, found {}", expected.len());
    assert!(stale.is_empty(), "these listings changed: run UPDATE_LISTINGS=1 cargo test --test lesson_listings, then tests/python/generate.py:\n{}", stale.join("\n"));
    assert!(extra.is_empty(), "these corpus files belong to no event-loop lesson: {extra:?}");
}

/// Why a lesson's run differs from CPython's timed run of the same listing, or None.
fn timing_difference(listing: &Listing) -> Option<String> {
    let stem = corpus_dir().join(listing.file.trim_end_matches(".py"));
    let Some(cpython) = cpython::read_times(&stem.with_extension("times")) else {
        return Some("no readable .times file: run tests/python/generate.py".into());
    };
    let err = std::fs::read_to_string(stem.with_extension("err")).unwrap_or_default();
    let report = run_native_listing(listing.lesson, &listing.values, listing.variant);
    // The page's trace holds what one print() wrote; CPython's timed run stamps every line.
    let got: Vec<(f64, String)> = report.trace.lines.iter().flat_map(|l| cpython::ports_hidden(&l.text).split('\n').map(|s| (l.t, s.to_string())).collect::<Vec<_>>()).collect();
    for (i, want) in cpython.lines.iter().enumerate() {
        match got.get(i) {
            Some(g) if g.1 != want.1 => return Some(format!("line {} is {:?}, CPython printed {:?}", i + 1, g.1, want.1)),
            Some(g) if !cpython::close_in_time(g.0, want.0) => return Some(format!("{:?} at {} ms, CPython printed it at {} ms", g.1, g.0, want.0)),
            Some(_) => {}
            None => return Some(format!("the run ended ({:?}) before {:?}, which CPython printed at {} ms", report.outcome, want.1, want.0)),
        }
    }
    if let Some(extra) = got.get(cpython.lines.len()) {
        return Some(format!("{:?} at {} ms, which CPython never printed", extra.1, extra.0));
    }
    match (&report.outcome, cpython.end_ms) {
        (Outcome::Deadlock { .. }, None) => None,
        (other, None) => Some(format!("CPython waits here forever, the run ended in {other:?}")),
        (Outcome::Done, Some(_)) if !err.is_empty() => Some(format!("the run ended well, CPython with {:?}", err.lines().last())),
        (Outcome::Error(_), Some(_)) if err.is_empty() => Some(format!("the run ended in {:?}, CPython's did not", report.outcome)),
        (Outcome::Deadlock { .. }, Some(_)) => Some(format!("the run ended in {:?}, CPython's did not", report.outcome)),
        (_, Some(end)) if !cpython::close_in_time(report.elapsed_ms, end) => Some(format!("the run took {} ms, CPython's {end} ms", report.elapsed_ms)),
        _ => None,
    }
}

#[test]
fn every_listing_prints_its_lines_when_cpython_printed_them() {
    let mut differences = Vec::new();
    let all = listings();
    for listing in &all {
        if let Some(d) = timing_difference(listing) {
            differences.push(format!("{}: {d}", listing.file));
        }
    }
    println!("{} listings ran as CPython ran them", all.len() - differences.len());
    assert!(all.len() >= 40, "expected at least 40 listings, found {}", all.len());
    assert!(differences.is_empty(), "lesson runs that differ from CPython's timed run:\n{}", differences.join("\n"));
}
