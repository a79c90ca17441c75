//! Reading and driving the page through its test contract (`data-testid` attributes).
//!
//! Reads go through one `execute` call each rather than element-by-element WebDriver round trips:
//! a run can print thousands of lines and every round trip costs milliseconds.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::Result;

const POLL: Duration = Duration::from_millis(50);

/// What a run left on the page.
#[derive(Clone, Debug)]
pub struct Run {
    pub status: String,
    /// `(data-t-ms, textContent)` of every output line, in page order.
    pub lines: Vec<(f64, String)>,
    /// NaN when the element is missing or does not hold a number, so every comparison fails.
    pub elapsed_ms: f64,
    pub predicted_ms: f64,
}

impl Run {
    pub fn texts(&self) -> Vec<&str> {
        self.lines.iter().map(|(_, s)| s.as_str()).collect()
    }

    /// A readable listing for failure reports.
    pub fn dump(&self) -> String {
        let mut out = format!(
            "status {:?}, elapsed {} ms, predicted {} ms, {} lines\n",
            self.status,
            self.elapsed_ms,
            self.predicted_ms,
            self.lines.len()
        );
        const SHOWN: usize = 60;
        for (t, text) in self.lines.iter().take(SHOWN) {
            let _ = writeln!(out, "  {t:>9.1} ms  {text:?}");
        }
        if self.lines.len() > SHOWN {
            let _ = writeln!(out, "  ... {} more", self.lines.len() - SHOWN);
        }
        out
    }
}

/// The figures of a run without its output lines.
#[derive(Clone, Debug)]
pub struct Timing {
    pub status: String,
    pub elapsed_ms: f64,
    pub predicted_ms: f64,
    pub line_count: usize,
}

pub async fn open(client: &Client, url: &str) -> Result<()> {
    client.goto(url).await?;
    Ok(())
}

/// The text content of the first element with this `data-testid`, or `None` if there is none.
pub async fn text_of(client: &Client, testid: &str) -> Result<Option<String>> {
    let value = client
        .execute(
            "const e = document.querySelector('[data-testid=\"' + arguments[0] + '\"]');
             return e ? e.textContent : null;",
            vec![json!(testid)],
        )
        .await?;
    Ok(value.as_str().map(str::to_string))
}

/// The trimmed `run-status` text, or `None` while the page has not rendered it yet.
pub async fn status(client: &Client) -> Result<Option<String>> {
    Ok(text_of(client, "run-status")
        .await?
        .map(|s| s.trim().to_string()))
}

/// Polls `run-status` until it is one of `one_of` and returns it.
pub async fn wait_status(client: &Client, one_of: &[&str], timeout: Duration) -> Result<String> {
    let deadline = Instant::now() + timeout;
    loop {
        let current = status(client).await?;
        if let Some(s) = &current {
            if one_of.contains(&s.as_str()) {
                return Ok(s.clone());
            }
        }
        if Instant::now() > deadline {
            return Err(format!(
                "run-status did not become one of {one_of:?} within {timeout:?} (last: {})",
                current.as_deref().unwrap_or("<no run-status element>")
            )
            .into());
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Polls the text of `testid` until `done` accepts it or `timeout` passes, and returns the last
/// text seen (`None` if the element never appeared). The caller decides what a timeout means.
pub async fn wait_text(
    client: &Client,
    testid: &str,
    timeout: Duration,
    done: impl Fn(&str) -> bool,
) -> Result<Option<String>> {
    let deadline = Instant::now() + timeout;
    loop {
        let text = text_of(client, testid).await?;
        if text.as_deref().is_some_and(&done) || Instant::now() > deadline {
            return Ok(text);
        }
        tokio::time::sleep(POLL).await;
    }
}

pub async fn click_testid(client: &Client, testid: &str) -> Result<()> {
    client
        .find(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
        .await?
        .click()
        .await?;
    Ok(())
}

const READ_RUN: &str = r#"
    const one = id => {
        const e = document.querySelector('[data-testid="' + id + '"]');
        return e ? e.textContent : null;
    };
    const lines = Array.from(
        document.querySelectorAll('[data-testid="output-line"]'),
        e => [e.getAttribute('data-t-ms'), e.textContent]);
    return { status: one('run-status'), elapsed: one('elapsed-ms'),
             predicted: one('predicted-ms'), lines: lines };
"#;

pub async fn read_run(client: &Client) -> Result<Run> {
    let v = client.execute(READ_RUN, vec![]).await?;
    let mut lines = Vec::new();
    for (i, line) in v["lines"].as_array().into_iter().flatten().enumerate() {
        let t_attr = line[0].as_str().unwrap_or("");
        let t: f64 = t_attr.trim().parse().map_err(|_| {
            format!("output line {i} has data-t-ms {t_attr:?}, which is not a number")
        })?;
        lines.push((t, line[1].as_str().unwrap_or("").to_string()));
    }
    Ok(Run {
        status: v["status"].as_str().unwrap_or("").trim().to_string(),
        lines,
        elapsed_ms: number(&v["elapsed"]),
        predicted_ms: number(&v["predicted"]),
    })
}

const READ_TIMING: &str = r#"
    const one = id => {
        const e = document.querySelector('[data-testid="' + id + '"]');
        return e ? e.textContent : null;
    };
    return { status: one('run-status'), elapsed: one('elapsed-ms'),
             predicted: one('predicted-ms'),
             count: document.querySelectorAll('[data-testid="output-line"]').length };
"#;

/// Like [`read_run`] without transferring the lines, for runs that print thousands of them.
pub async fn read_timing(client: &Client) -> Result<Timing> {
    let v = client.execute(READ_TIMING, vec![]).await?;
    Ok(Timing {
        status: v["status"].as_str().unwrap_or("").trim().to_string(),
        elapsed_ms: number(&v["elapsed"]),
        predicted_ms: number(&v["predicted"]),
        line_count: v["count"].as_u64().unwrap_or(0) as usize,
    })
}

fn number(v: &Value) -> f64 {
    v.as_str()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(f64::NAN)
}

/// `(data-phase, value)` of every `speedup` element; values that are not numbers become NaN.
pub async fn speedups(client: &Client) -> Result<Vec<(String, f64)>> {
    let v = client
        .execute(
            r#"return Array.from(document.querySelectorAll('[data-testid="speedup"]'),
                   e => [e.getAttribute('data-phase'), e.textContent]);"#,
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .map(|pair| (pair[0].as_str().unwrap_or("").to_string(), number(&pair[1])))
        .collect())
}

/// The text of every element whose `data-testid` ends in `error` (`page-error`, `param-error`,
/// and whatever the page uses for a failed run), as `testid: text`.
pub async fn error_texts(client: &Client) -> Result<Vec<String>> {
    let v = client
        .execute(
            r#"return Array.from(document.querySelectorAll('[data-testid$="error"]'),
                   e => e.getAttribute('data-testid') + ': ' + e.textContent.trim());"#,
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect())
}

const RUN_STATE: &str = r#"
    const e = document.querySelector('[data-testid="run-status"]');
    const blockers = Array.from(
        document.querySelectorAll(
            '[data-testid="page-error"], [data-testid="param-error"], [data-testid="thread-explainer"]'),
        b => b.getAttribute('data-testid') + ': ' + b.textContent.trim());
    return { status: e ? e.textContent.trim() : null, blockers: blockers };
"#;

/// Waits until the run on the current page ends and returns `done` or `error`. A page that
/// refuses to run (page error, parameter error, thread explainer) is an `Err` at once rather than
/// a timeout.
pub async fn wait_run_end(client: &Client, timeout: Duration) -> Result<String> {
    let deadline = Instant::now() + timeout;
    loop {
        let state = client.execute(RUN_STATE, vec![]).await?;
        let status = state["status"].as_str().unwrap_or("").to_string();
        if status == "done" || status == "error" {
            return Ok(status);
        }
        let blockers = state["blockers"].as_array().cloned().unwrap_or_default();
        if !blockers.is_empty() && status != "running" {
            return Err(format!("the page does not run: {blockers:?}").into());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "run-status did not become done or error within {timeout:?} (last: {})",
                if status.is_empty() {
                    "<no run-status element>"
                } else {
                    &status
                }
            )
            .into());
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Opens `url` (which should carry `run=1`), waits for the run to end and reads it. A run that
/// ends in `error` is an `Err` carrying the page's error texts and output.
pub async fn run_to_done(client: &Client, url: &str, timeout: Duration) -> Result<Run> {
    open(client, url).await?;
    let status = wait_run_end(client, timeout)
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    let run = read_run(client).await?;
    if status == "error" {
        let errors = error_texts(client).await?;
        return Err(format!(
            "{url}: run-status is error; page errors: {errors:?}\n{}",
            run.dump()
        )
        .into());
    }
    Ok(run)
}
