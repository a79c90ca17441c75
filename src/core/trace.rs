//! The trace of a run: what was printed, and which task ran where and when.
//!
//! Both engines report what happens as a stream of [`Event`]s through a [`Sink`]. The page folds the
//! stream into a [`Trace`] as it arrives (output appears while the run goes on); tests fold it the
//! same way and assert on the result. Times are milliseconds since the run started.

use std::collections::BTreeMap;
use std::sync::Arc;

/// Where events go. It is shared by every thread of a run, hence `Send + Sync`.
pub type Sink = Arc<dyn Fn(Event) + Send + Sync>;

/// A sink that drops everything: benchmarks use it so that they time the engine, not the trace.
pub fn null_sink() -> Sink {
    Arc::new(|_| {})
}

/// What a bar on the timeline stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SpanKind {
    /// A task, a thread, or a pool task: the bar itself.
    Task,
    /// Waiting inside a task: a sleep, a queue, a semaphore or a lock. Drawn lighter, over the bar.
    Wait,
    /// A blocking call on the event loop (`time.sleep` inside a coroutine): the loop is frozen.
    Blocked,
    /// A thread holding the GIL and executing Python-level work.
    Gil,
    /// Executing CPU-bound work without the GIL (the free-threaded build, or a process).
    Compute,
}

/// A point event on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MarkKind {
    /// A lock or semaphore passed from one task to a waiting one.
    Handover,
    /// A timeout fired (`wait_for`, `result(timeout=...)`).
    Timeout,
    /// A task was cancelled.
    Cancel,
    /// An exception was raised and not handled where it happened.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// One whole line printed by the program, with the lane of whoever printed it.
    Output { t: f64, lane: String, text: String },
    /// A bar, or an overlay on a bar (`parent`), starts.
    Begin { id: u64, parent: Option<u64>, t: f64, lane: String, label: String, kind: SpanKind },
    /// The span with this id ends.
    End { id: u64, t: f64 },
    Mark { t: f64, lane: String, kind: MarkKind, label: String },
    /// The model's prediction, when it can only be made during the run (CPU-bound lessons calibrate
    /// on the learner's machine first).
    Predicted { ms: f64 },
    /// One phase of a comparison (sequential, threads with the GIL, ...), measured and predicted.
    Phase { key: String, label: String, measured_ms: f64, predicted_ms: f64, speedup: Option<f64> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub t: f64,
    pub lane: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub id: u64,
    pub parent: Option<u64>,
    pub lane: String,
    pub label: String,
    pub kind: SpanKind,
    pub start: f64,
    /// `None` while the span is still open.
    pub end: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub t: f64,
    pub lane: String,
    pub kind: MarkKind,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    pub key: String,
    pub label: String,
    pub measured_ms: f64,
    pub predicted_ms: f64,
    pub speedup: Option<f64>,
}

/// Everything a run has reported so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    pub lines: Vec<Line>,
    pub spans: Vec<Span>,
    pub marks: Vec<Mark>,
    pub phases: Vec<Phase>,
    pub predicted_ms: Option<f64>,
    /// Lanes in the order they first appeared, so the timeline keeps a stable layout.
    pub lanes: Vec<String>,
    open: BTreeMap<u64, usize>,
}

impl Trace {
    pub fn apply(&mut self, event: Event) {
        match event {
            // Who printed a line is kept with the line; lanes are for the timeline's bars only.
            Event::Output { t, lane, text } => self.lines.push(Line { t, lane, text }),
            Event::Begin { id, parent, t, lane, label, kind } => {
                self.note_lane(&lane);
                self.open.insert(id, self.spans.len());
                self.spans.push(Span { id, parent, lane, label, kind, start: t, end: None });
            }
            Event::End { id, t } => {
                if let Some(i) = self.open.remove(&id) {
                    self.spans[i].end = Some(t);
                }
            }
            Event::Mark { t, lane, kind, label } => {
                self.note_lane(&lane);
                self.marks.push(Mark { t, lane, kind, label });
            }
            Event::Predicted { ms } => self.predicted_ms = Some(ms),
            Event::Phase { key, label, measured_ms, predicted_ms, speedup } => {
                self.phases.push(Phase { key, label, measured_ms, predicted_ms, speedup })
            }
        }
    }

    /// Closes every span still open at `t`: a run that was stopped or failed leaves no dangling bars.
    pub fn close_open(&mut self, t: f64) {
        for (_, i) in std::mem::take(&mut self.open) {
            self.spans[i].end = Some(t);
        }
    }

    pub fn texts(&self) -> Vec<&str> {
        self.lines.iter().map(|l| l.text.as_str()).collect()
    }

    /// The time of the first line with exactly this text.
    pub fn time_of(&self, text: &str) -> Option<f64> {
        self.lines.iter().find(|l| l.text == text).map(|l| l.t)
    }

    pub fn spans_of(&self, kind: SpanKind) -> impl Iterator<Item = &Span> {
        self.spans.iter().filter(move |s| s.kind == kind)
    }

    fn note_lane(&mut self, lane: &str) {
        if !self.lanes.iter().any(|l| l == lane) {
            self.lanes.push(lane.to_string());
        }
    }
}

/// A sink that records into a shared trace: what native tests and the benchmark use.
pub fn recording_sink() -> (Sink, Arc<std::sync::Mutex<Trace>>) {
    let trace = Arc::new(std::sync::Mutex::new(Trace::default()));
    let t = trace.clone();
    let sink: Sink = Arc::new(move |e| {
        // A poisoned lock only means another recording thread panicked; the trace is still usable.
        let mut guard = t.lock().unwrap_or_else(|p| p.into_inner());
        guard.apply(e);
    });
    (sink, trace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_open_and_close_and_lanes_keep_first_seen_order() {
        let mut tr = Trace::default();
        tr.apply(Event::Begin { id: 1, parent: None, t: 0.0, lane: "b".into(), label: "x".into(), kind: SpanKind::Task });
        tr.apply(Event::Output { t: 1.0, lane: "a".into(), text: "hi".into() });
        tr.apply(Event::Begin { id: 2, parent: Some(1), t: 2.0, lane: "b".into(), label: "w".into(), kind: SpanKind::Wait });
        tr.apply(Event::End { id: 1, t: 5.0 });
        assert_eq!(tr.lanes, vec!["b"], "printing does not make a lane");
        assert_eq!(tr.spans[0].end, Some(5.0));
        assert_eq!(tr.spans[1].end, None);
        tr.close_open(7.0);
        assert_eq!(tr.spans[1].end, Some(7.0));
        assert_eq!(tr.time_of("hi"), Some(1.0));
    }
}
