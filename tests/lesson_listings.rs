//! Every event-loop lesson's listing, as the page shows it with its default values, is also a
//! program of the conformance corpus: `tests/python/lessons/<id>.py` (and `<id>--<variant>.py` for
//! each variant), with the output CPython 3.11 printed for it beside it (`generate.py`). So the
//! corpus test runs the lessons' own Python on the interpreter and compares it with CPython.
//!
//! This test keeps those files true to the catalogue: it fails when a listing changes and its file
//! does not. `UPDATE_LISTINGS=1 cargo test --test lesson_listings` rewrites them (then run
//! `python3 tests/python/generate.py` for their output).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use concurrency_playground::core::lesson::{render_listing, Engine, Values};
use concurrency_playground::core::lessons;

/// Listings whose CPython output cannot be recorded here: aiohttp is not installed on this machine
/// and it has no network to fetch from.
const NOT_IN_CORPUS: &[&str] = &["aiohttp-create-task-3urls", "aiohttp-fetch-page", "aiohttp-session-gather", "asyncio-gather-fetch"];

/// The corpus file of a lesson's variant.
fn file_name(id: &str, variant: &str) -> String {
    if variant.is_empty() {
        format!("{id}.py")
    } else {
        format!("{id}--{variant}.py")
    }
}

#[test]
fn every_event_loop_listing_is_in_the_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/lessons");
    let update = std::env::var("UPDATE_LISTINGS").is_ok();
    let mut expected = std::collections::BTreeSet::new();
    let mut stale = Vec::new();
    for lesson in lessons::all().filter(|l| matches!(l.engine, Engine::EventLoop(_) | Engine::Python)) {
        if NOT_IN_CORPUS.contains(&lesson.id) {
            continue;
        }
        for variant in lesson.variants {
            let name = file_name(lesson.id, variant.key);
            let text = render_listing(lesson, variant.key, &Values::defaults(lesson));
            let path = dir.join(&name);
            if update {
                std::fs::write(&path, &text).expect("the corpus directory is writable");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(name.clone());
            }
            expected.insert(name);
        }
    }
    let present: std::collections::BTreeSet<String> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().filter_map(|e| e.file_name().into_string().ok()).filter(|n| n.ends_with(".py")).collect())
        .unwrap_or_default();
    let extra: Vec<&String> = present.difference(&expected).collect();
    assert!(expected.len() >= 20, "expected at least 20 event-loop listings, found {}", expected.len());
    assert!(stale.is_empty(), "these listings changed: run UPDATE_LISTINGS=1 cargo test --test lesson_listings, then tests/python/generate.py:\n{}", stale.join("\n"));
    assert!(extra.is_empty(), "these corpus files belong to no event-loop lesson: {extra:?}");
}
