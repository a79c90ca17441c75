//! What CPython recorded for the corpus (`tests/python/generate.py`), read the way the tests
//! compare it: addresses with a client port hidden, and the times at which a lesson's listing
//! printed its lines. Each test file uses some of it, hence `allow(dead_code)`.
#![allow(dead_code)]

use std::path::Path;

/// Writes a client's port in an address tuple, `('127.0.0.1', 50001)`, as `<port>`: the OS picks
/// CPython's from 32768 up and the interpreter gives its own from 50000, so `generate.py` writes
/// it that way too.
pub fn ports_hidden(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("', ") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let digits: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
        let ephemeral = digits.len() == 5 && digits.parse::<u32>().is_ok_and(|p| (32768..70000).contains(&p));
        if ephemeral && tail[digits.len()..].starts_with(')') {
            out.push_str("<port>");
            rest = &tail[digits.len()..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// When CPython printed each line of a lesson's listing, from its `.times` file: the lines in
/// order with their milliseconds, and when the program ended (None for a program in HANGS).
pub struct Times {
    pub lines: Vec<(f64, String)>,
    pub end_ms: Option<f64>,
}

/// Reads `<stem>.times`, if the generator wrote one.
pub fn read_times(path: &Path) -> Option<Times> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut times = Times { lines: Vec::new(), end_ms: None };
    for row in text.lines().filter(|l| !l.starts_with('#')) {
        let (ms, rest) = row.split_once('\t')?;
        let ms: f64 = ms.parse().ok()?;
        match rest.strip_prefix("| ") {
            Some(line) => times.lines.push((ms, line.to_string())),
            None if rest == "end" => times.end_ms = Some(ms),
            None => return None,
        }
    }
    Some(times)
}

/// Whether a virtual time agrees with the time CPython's real clock measured: within 20 ms plus
/// 2 %, the tolerance `generate.py` also allows between two of its own runs (CPython spends a
/// few milliseconds starting the loop and on every step; the virtual clock spends none).
pub fn close_in_time(virtual_ms: f64, cpython_ms: f64) -> bool {
    (virtual_ms - cpython_ms).abs() <= 20.0 + 0.02 * virtual_ms.max(cpython_ms)
}
