//! The architecture invariant of ARCHITECTURE.md: `src/core` knows nothing about the browser.
//! It is checked on the source text, so a stray `use web_sys` fails here before it fails CI's
//! native build in some less obvious way.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

const FORBIDDEN: &[&str] = &["web_sys", "js_sys", "wasm_bindgen", "wasm_bindgen_futures", "wasm_bindgen_rayon", "yew", "gloo", "gloo_timers"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/core is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Finds `name` used as a path root (`name::`) or imported (`use name`, `extern crate name`).
fn mentions(source: &str, name: &str) -> bool {
    source.lines().filter(|l| !l.trim_start().starts_with("//")).any(|line| {
        line.match_indices(name).any(|(i, _)| {
            let before = line[..i].chars().last();
            let after = &line[i + name.len()..];
            let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            starts_word && (after.starts_with("::") || line[..i].trim_end().ends_with("use") || line[..i].trim_end().ends_with("crate"))
        })
    })
}

#[test]
fn core_imports_no_browser_crate() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"), &mut files);
    assert!(files.len() >= 8, "expected the core's files, found {files:?}");
    let mut offenders = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable source");
        for name in FORBIDDEN {
            if mentions(&text, name) {
                offenders.push(format!("{} uses {name}", f.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "src/core must stay browser-free:\n{}", offenders.join("\n"));
}

#[test]
fn the_check_itself_catches_imports() {
    assert!(mentions("use web_sys::Window;", "web_sys"));
    assert!(mentions("let w = gloo_timers::future::TimeoutFuture::new(1);", "gloo_timers"));
    assert!(mentions("    use yew::prelude::*;", "yew"));
    assert!(!mentions("// yew:: is only named in a comment", "yew"));
    assert!(!mentions("let my_yew_count = 1;", "yew"));
}

/// Every Rust file under `dir`, with its text.
fn sources(dir: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    files.into_iter().map(|f| (f.display().to_string(), std::fs::read_to_string(&f).expect("readable source"))).collect()
}

/// Whether the text reaches into a sibling module of the core (`super::name`, `core::name`).
fn reaches(text: &str, module: &str) -> bool {
    text.lines().filter(|l| !l.trim_start().starts_with("//")).any(|l| l.contains(&format!("core::{module}")) || l.contains(&format!("super::{module}::")))
}

/// The interpreter's layering: the language knows no engine and no lesson; the engines know no
/// Python; only `pymodules` knows both.
#[test]
fn the_language_knows_no_engine_and_the_engines_know_no_python() {
    let language = sources("src/core/python");
    assert!(language.len() >= 10, "expected the interpreter's files");
    let mut offenders = Vec::new();
    for (file, text) in &language {
        for engine in ["event_loop", "threads", "process", "pymodules", "lesson", "lessons", "trace", "timeline"] {
            if reaches(text, engine) {
                offenders.push(format!("{file} reaches into {engine}"));
            }
        }
    }
    for file in ["src/core/event_loop.rs", "src/core/threads.rs", "src/core/process.rs"] {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).expect("readable source");
        for python in ["python", "pymodules"] {
            if reaches(&text, python) {
                offenders.push(format!("{file} reaches into {python}"));
            }
        }
    }
    assert!(offenders.is_empty(), "layering broken:\n{}", offenders.join("\n"));
}

#[test]
fn the_layering_check_catches_a_reach() {
    assert!(reaches("use crate::core::event_loop::Loop;", "event_loop"));
    assert!(reaches("    let x = super::lesson::RunError::py(a, b);", "lesson"));
    assert!(!reaches("// core::event_loop is only named in a comment", "event_loop"));
}
