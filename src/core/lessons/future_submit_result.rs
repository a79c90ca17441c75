//! # future-submit-result: `executor.submit()` returns a Future, `result()` waits for it
//!
//! One task, `task(n) = n * 2`, is submitted to a `ThreadPoolExecutor()`. `submit` returns at
//! once with a Future; `future.result()` blocks the main thread until a pool thread has run the
//! task, then hands back `10`. The task sleeps a little first (not in the published program) so
//! that the wait in `result()` is visible on the timeline: expect `10` after ≈ that delay.
//! The default pool size is `min(32, cpu_count + 4)`, but threads start on demand, so a single
//! task starts exactly one thread.

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::threads::{Th, ThreadPoolExecutor};

pub static LESSON: Lesson = Lesson {
    id: "future-submit-result",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "Future: submit() now, result() later", zh: "Future：先 submit()，再 result()" },
    concept: Text {
        en: "A Future stands for a result that is not there yet. executor.submit(task, 5) queues the call and immediately returns a Future, so the caller can carry on. future.result() is the point where the caller needs the value: it blocks until the task has finished, then returns what the task returned (or raises what it raised).",
        zh: "Future 代表一个尚未得到的结果。executor.submit(task, 5) 把调用放进队列并立即返回一个 Future，调用者可以继续做别的事。future.result() 是真正需要这个值的地方：它会阻塞直到任务完成，然后返回任务的返回值（或抛出任务抛出的异常）。",
    },
    expect: Text {
        en: "`10` (that is, n × 2), printed once the task has run: after ≈ the task's delay.",
        zh: "`10`（即 n × 2），在任务运行完之后打印：约在任务延时之后。",
    },
    params: &[
        Param { name: "n", label: Text { en: "n", zh: "n" }, kind: Kind::Int, default: 5.0, min: -1000000.0, max: 1000000.0 },
        Param { name: "delay", label: Text { en: "time the task takes (s)", zh: "任务耗时（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Threads { main, gil: true },
    predict,
    check: no_check,
    source: lesson_source!("future_submit_result.rs"),
};

const LISTING: &str = r#"from concurrent.futures import ThreadPoolExecutor
import time

def task(n):
    time.sleep({{delay}})  # not in the published program: makes the wait visible
    return n * 2

with ThreadPoolExecutor() as executor:
    future = executor.submit(task, {{n}})
    print(future.result())  # blocks until the result is ready
"#;

fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn main(th: &Th, v: &Values, _variant: &'static str) -> Result<(), RunError> {
    let (n, delay) = (v.get("n") as i64, v.get("delay"));
    // ThreadPoolExecutor() sizes itself min(32, cpu_count + 4); only one thread starts for one task.
    let mut size = (th.rt().cores() + 4).min(32);
    if let Some(cap) = th.rt().capacity() {
        size = size.min(cap.saturating_sub(1).max(1));
    }
    let mut executor = ThreadPoolExecutor::new(th.rt(), size, "ThreadPoolExecutor-0")?;
    let future = executor.submit(format!("task({n})"), move |t| {
        t.sleep(delay)?;
        Ok(n * 2)
    });
    let r = future.result(th)?;
    th.print(r.to_string());
    executor.shutdown(th)
}
