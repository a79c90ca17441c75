//! The timeline, drawn in SVG from the core's layout: a lane per event loop or thread, a bar per
//! task, lighter overlays for waits, red for a frozen loop, dark for holding the GIL, and marks
//! for hand-overs, timeouts and cancellations.

use yew::prelude::*;

use crate::core::timeline::{layout, LaneLayout};
use crate::core::trace::{MarkKind, SpanKind, Trace};

const WIDTH: f64 = 1000.0;
const LABEL_W: f64 = 170.0;
const ROW_H: f64 = 16.0;
const LANE_GAP: f64 = 10.0;
const AXIS_H: f64 = 22.0;

fn class_of(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Task => "bar task",
        SpanKind::Wait => "bar wait",
        SpanKind::Blocked => "bar blocked",
        SpanKind::Gil => "bar gil",
        SpanKind::Compute => "bar compute",
    }
}

fn mark_class(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Handover => "mark handover",
        MarkKind::Timeout => "mark timeout",
        MarkKind::Cancel => "mark cancel",
        MarkKind::Error => "mark error",
    }
}

/// A round step for the time axis: about eight ticks across.
fn tick_step(span_ms: f64) -> f64 {
    let raw = (span_ms / 8.0).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag)
}

fn fmt_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        format!("{ms:.0} ms")
    }
}

pub fn view(trace: &Trace, now: f64, end_hint: f64) -> Html {
    if trace.lanes.is_empty() {
        return html! {};
    }
    let lanes: Vec<LaneLayout> = layout(trace, now);
    let t_end = lanes.iter().flat_map(|l| l.bars.iter().map(|b| b.end)).fold(now.max(end_hint), f64::max).max(1.0);
    let x = |t: f64| LABEL_W + (t / t_end) * (WIDTH - LABEL_W - 10.0);
    let mut y = AXIS_H;
    let mut parts: Vec<Html> = Vec::new();

    let step = tick_step(t_end);
    let mut t = 0.0;
    while t <= t_end + 1e-9 {
        let xt = x(t);
        parts.push(html! {
            <g class="tick">
                <line x1={xt.to_string()} x2={xt.to_string()} y1="14" y2="100%" />
                <text x={xt.to_string()} y="11">{ fmt_ms(t) }</text>
            </g>
        });
        t += step;
    }

    for lane in &lanes {
        let h = lane.rows as f64 * ROW_H;
        let lane_bars = lane.bars.iter().map(|b| {
            let (x0, x1) = (x(b.start), x(b.end));
            let w = (x1 - x0).max(1.5);
            let (yy, hh) = match b.kind {
                SpanKind::Task => (y + b.row as f64 * ROW_H + 1.0, ROW_H - 2.0),
                _ => (y + b.row as f64 * ROW_H + 4.0, ROW_H - 8.0),
            };
            let title = format!("{} · {} → {}", b.label, fmt_ms(b.start), fmt_ms(b.end));
            let show_label = b.kind == SpanKind::Task && w > 60.0;
            html! {
                <g>
                    <rect data-testid="bar" data-kind={format!("{:?}", b.kind)} data-label={b.label.clone()}
                        data-start-ms={format!("{:.3}", b.start)} data-end-ms={format!("{:.3}", b.end)} class={class_of(b.kind)}
                        x={x0.to_string()} y={yy.to_string()} width={w.to_string()} height={hh.to_string()} rx="2">
                        <title>{ title }</title>
                    </rect>
                    if show_label {
                        <text class="bar-label" x={(x0 + 3.0).to_string()} y={(yy + hh - 3.0).to_string()}>{ b.label.clone() }</text>
                    }
                </g>
            }
        });
        let marks = lane.marks.iter().map(|(t, kind, label)| {
            let xm = x(*t);
            html! {
                <path data-testid="mark" class={mark_class(*kind)}
                    d={format!("M{xm} {} l-4 -6 h8 z", y)}>
                    <title>{ format!("{label} · {}", fmt_ms(*t)) }</title>
                </path>
            }
        });
        let hidden = (lane.hidden > 0).then(|| format!(" (+{} more)", lane.hidden)).unwrap_or_default();
        parts.push(html! {
            <g data-testid="lane" data-lane={lane.name.clone()}>
                <rect class="lane-bg" x="0" y={y.to_string()} width={WIDTH.to_string()} height={h.to_string()} />
                <text class="lane-label" x="6" y={(y + 12.0).to_string()}>{ format!("{}{hidden}", lane.name) }</text>
                { for lane_bars }
                { for marks }
            </g>
        });
        y += h + LANE_GAP;
    }
    html! {
        <svg data-testid="timeline" class="timeline" viewBox={format!("0 0 {WIDTH} {y}")} preserveAspectRatio="xMinYMin meet" role="img">
            { for parts }
        </svg>
    }
}
