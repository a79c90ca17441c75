//! # threadpool-map-square: `ThreadPoolExecutor.map` keeps input order
//!
//! `square(n)` over `[1, 2, 3, 4, 5]` on a pool of 4 threads prints `[1, 4, 9, 16, 25]`. The
//! published `square` returns at once; a `delay` (0 by default) makes each call sleep first, so
//! the waves show: 5 tasks on 4 threads take two delays, and the list still comes back in input
//! order, whichever task finishes first.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::{check_threads, waves};
use crate::core::threads::{Th, ThreadPoolExecutor};

pub static LESSON: Lesson = Lesson {
    id: "threadpool-map-square",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "ThreadPoolExecutor.map: results in input order", zh: "ThreadPoolExecutor.map：结果按输入顺序" },
    concept: Text {
        en: "executor.map(f, items) is the pool version of the built-in map: each item becomes a task for one of the worker threads, and the results are yielded in the order of the items, not in the order the tasks finish. With k threads, n tasks that each wait run in ceil(n / k) rounds.",
        zh: "executor.map(f, items) 是内置 map 的线程池版本：每个元素成为一个任务交给某个工作线程，结果按元素的顺序给出，而不是按任务完成的顺序。k 个线程上 n 个需要等待的任务，会分 ceil(n / k) 轮完成。",
    },
    expect: Text {
        en: "`[1, 4, 9, 16, 25]`; with a delay, total ≈ ceil(items / workers) × delay.",
        zh: "`[1, 4, 9, 16, 25]`；设置延时后，总耗时 ≈ ceil(元素数 / 线程数) × 延时。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "max_workers", zh: "max_workers" }, kind: Kind::Int, default: 4.0, min: 1.0, max: 64.0 },
        Param { name: "items", label: Text { en: "numbers 1..n", zh: "数字 1..n" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 1000.0 },
        Param { name: "delay", label: Text { en: "sleep per task (s)", zh: "每个任务的 sleep（秒）" }, kind: Kind::Seconds, default: 0.0, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("threadpool_map_square.rs"),
};

const LISTING: &str = r#"from concurrent.futures import ThreadPoolExecutor
import time

def square(n):
    time.sleep({{delay}})  # 0 in the published program
    return n * n

with ThreadPoolExecutor(max_workers={{workers}}) as executor:
    results = list(executor.map(square, range(1, {{items}} + 1)))
    print(results)
"#;

fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(waves(v.int("items"), v.int("workers")) * v.get("delay") * 1000.0)
}

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("workers", v.int("workers") + 1, env)
}

fn main(th: &Th, v: &Values, _variant: &'static str) -> Result<(), RunError> {
    let delay = v.get("delay");
    let mut executor = ThreadPoolExecutor::new(th.rt(), v.int("workers"), "ThreadPoolExecutor-0")?;
    let items: Vec<u64> = (1..=v.int("items") as u64).collect();
    let results = executor.map(th, items, |n| format!("square({n})"), move |t, n| {
        t.sleep(delay)?;
        Ok(n * n)
    })?;
    executor.shutdown(th)?;
    th.print(format!("[{}]", results.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")));
    Ok(())
}
