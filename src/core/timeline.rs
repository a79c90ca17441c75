//! Laying out the timeline: lanes, rows within a lane, bars, overlays and marks.
//!
//! The page draws what this computes; keeping the layout here means it is tested natively and
//! the SVG code only maps numbers to pixels. A lane is the event loop or one thread; bars that
//! overlap in time inside a lane (tasks waiting together on the loop) are stacked into rows.

use std::collections::HashMap;

use super::trace::{MarkKind, SpanKind, Trace};

/// At most this many rows are drawn per lane; the rest are counted in `hidden`.
pub const MAX_ROWS: usize = 24;

/// At most this many overlays (waits, GIL, blocked) and marks are drawn per lane. A CPU-bound run
/// with a busy GIL hands it over thousands of times; an SVG with that many shapes would make every
/// repaint of the page slow, and the page's main thread would then compete with the very workers
/// whose speed it measures. Past the limit, the rest are counted in `hidden`.
pub const MAX_OVERLAYS: usize = 2000;
pub const MAX_MARKS: usize = 500;

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub row: usize,
    pub start: f64,
    pub end: f64,
    pub label: String,
    pub kind: SpanKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneLayout {
    pub name: String,
    pub rows: usize,
    /// Task bars first, then overlays (waits, GIL, blocked) on their parent's row.
    pub bars: Vec<Bar>,
    pub marks: Vec<(f64, MarkKind, String)>,
    /// Bars and marks not drawn: rows beyond [`MAX_ROWS`], overlays and marks beyond their limits.
    pub hidden: usize,
}

/// Lays out `trace` up to time `now` (open spans are drawn up to `now`).
pub fn layout(trace: &Trace, now: f64) -> Vec<LaneLayout> {
    let mut lanes: Vec<LaneLayout> = trace.lanes.iter().map(|n| LaneLayout { name: n.clone(), rows: 0, bars: Vec::new(), marks: Vec::new(), hidden: 0 }).collect();
    let index: HashMap<&str, usize> = trace.lanes.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    // Rows end at this time, per lane: greedy interval packing in start order keeps it simple and
    // stable while a run streams in.
    let mut row_ends: Vec<Vec<f64>> = vec![Vec::new(); lanes.len()];
    let mut row_of: HashMap<u64, usize> = HashMap::new();

    let mut tasks: Vec<_> = trace.spans.iter().filter(|s| s.kind == SpanKind::Task || s.parent.is_none()).collect();
    tasks.sort_by(|a, b| a.start.total_cmp(&b.start));
    for s in tasks {
        let Some(&li) = index.get(s.lane.as_str()) else { continue };
        let end = s.end.unwrap_or(now).max(s.start);
        let ends = &mut row_ends[li];
        let row = match ends.iter().position(|e| *e <= s.start) {
            Some(r) => r,
            None => {
                ends.push(end);
                ends.len() - 1
            }
        };
        ends[row] = end;
        row_of.insert(s.id, row);
        if row < MAX_ROWS {
            lanes[li].bars.push(Bar { row, start: s.start, end, label: s.label.clone(), kind: s.kind });
        } else {
            lanes[li].hidden += 1;
        }
    }
    let mut overlays = vec![0usize; lanes.len()];
    for s in trace.spans.iter().filter(|s| s.kind != SpanKind::Task && s.parent.is_some()) {
        let Some(&li) = index.get(s.lane.as_str()) else { continue };
        let row = s.parent.and_then(|p| row_of.get(&p).copied()).unwrap_or(0);
        if row >= MAX_ROWS {
            continue;
        }
        if overlays[li] >= MAX_OVERLAYS {
            lanes[li].hidden += 1;
            continue;
        }
        overlays[li] += 1;
        lanes[li].bars.push(Bar { row, start: s.start, end: s.end.unwrap_or(now).max(s.start), label: s.label.clone(), kind: s.kind });
    }
    for m in &trace.marks {
        if let Some(&li) = index.get(m.lane.as_str()) {
            if lanes[li].marks.len() < MAX_MARKS {
                lanes[li].marks.push((m.t, m.kind, m.label.clone()));
            } else {
                lanes[li].hidden += 1;
            }
        }
    }
    for (li, lane) in lanes.iter_mut().enumerate() {
        lane.rows = row_ends[li].len().clamp(1, MAX_ROWS);
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::trace::Event;

    fn begin(tr: &mut Trace, id: u64, parent: Option<u64>, t: f64, lane: &str, kind: SpanKind) {
        tr.apply(Event::Begin { id, parent, t, lane: lane.into(), label: format!("s{id}"), kind });
    }

    #[test]
    fn overlapping_tasks_stack_and_overlays_follow_their_parent() {
        let mut tr = Trace::default();
        begin(&mut tr, 1, None, 0.0, "loop", SpanKind::Task);
        begin(&mut tr, 2, None, 0.0, "loop", SpanKind::Task);
        begin(&mut tr, 3, Some(2), 0.0, "loop", SpanKind::Wait);
        tr.apply(Event::End { id: 1, t: 10.0 });
        tr.apply(Event::End { id: 3, t: 5.0 });
        begin(&mut tr, 4, None, 10.0, "loop", SpanKind::Task);
        let lanes = layout(&tr, 20.0);
        assert_eq!(lanes.len(), 1);
        let rows: Vec<(usize, &str)> = lanes[0].bars.iter().map(|b| (b.row, b.label.as_str())).collect();
        // s4 starts when s1 ends and reuses its row; the wait overlay sits on s2's row.
        assert_eq!(rows, vec![(0, "s1"), (1, "s2"), (0, "s4"), (1, "s3")]);
        assert_eq!(lanes[0].rows, 2);
        assert_eq!(lanes[0].bars[1].end, 20.0, "an open bar is drawn up to now");
    }

    #[test]
    fn rows_beyond_the_limit_are_counted_not_drawn() {
        let mut tr = Trace::default();
        for id in 0..(MAX_ROWS as u64 + 5) {
            begin(&mut tr, id, None, 0.0, "loop", SpanKind::Task);
        }
        let lanes = layout(&tr, 1.0);
        assert_eq!(lanes[0].rows, MAX_ROWS);
        assert_eq!(lanes[0].hidden, 5);
    }

    #[test]
    fn overlays_and_marks_beyond_their_limits_are_counted_not_drawn() {
        let mut tr = Trace::default();
        begin(&mut tr, 0, None, 0.0, "t", SpanKind::Task);
        let extra = 7;
        for i in 0..(MAX_OVERLAYS + extra) as u64 {
            begin(&mut tr, i + 1, Some(0), i as f64, "t", SpanKind::Gil);
            tr.apply(Event::End { id: i + 1, t: i as f64 + 0.5 });
        }
        for i in 0..(MAX_MARKS + extra) {
            tr.apply(Event::Mark { t: i as f64, lane: "t".into(), kind: MarkKind::Handover, label: String::new() });
        }
        let lanes = layout(&tr, 1.0);
        assert_eq!(lanes[0].bars.len(), 1 + MAX_OVERLAYS);
        assert_eq!(lanes[0].marks.len(), MAX_MARKS);
        assert_eq!(lanes[0].hidden, 2 * extra);
    }
}
