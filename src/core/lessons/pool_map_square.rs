//! # pool-map-square: `multiprocessing.Pool`: `map` blocks and keeps input order; `apply_async`
//!
//! A pool of 4 worker processes squares 0..9, each call sleeping 0.5 s. `map` hands the items to
//! whichever worker is free and blocks until all are done: three waves of 0.5 s, so the list
//! `[0, 1, 4, …, 81]` appears at about 1.5 s, in input order whatever order the workers finished in.
//! A second pool then runs one `apply_async(square, (10,))`; `get()` blocks for its 0.5 s, so `100`
//! appears at about 2.0 s. The workers are real processes: each has its own pid and memory, its
//! start-up is drawn on the timeline, and the numbers travel to and from it as encoded bytes.
//! The published program has a typo (`x  2` for `x ** 2`), offered as a variant: Python refuses
//! to run it at all.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, Target};
use super::waves;

pub static LESSON: Lesson = Lesson {
    id: "pool-map-square",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "multiprocessing.Pool: map and apply_async", zh: "multiprocessing.Pool：map 与 apply_async" },
    concept: Text {
        en: "A Pool starts a fixed number of worker processes. map(f, items) sends each item to a free worker and blocks until every result is back; the list it returns is in input order, however the work was shared out. apply_async(f, args) returns an AsyncResult at once; get() blocks until that one call is done. Each worker is a separate process: arguments and results are pickled on the way in and out, and nothing else is shared.",
        zh: "Pool 启动固定数量的工作进程。map(f, items) 把每个元素交给空闲的工作进程，并阻塞直到所有结果返回；返回的列表按输入顺序排列，与任务如何分配无关。apply_async(f, args) 立即返回一个 AsyncResult；get() 阻塞到这一次调用完成。每个工作进程都是独立的进程：参数和结果进出时都要经过 pickle 序列化，除此之外什么都不共享。",
    },
    expect: Text {
        en: "`[0, 1, 4, …, 81]` after ceil(10 / 4) = 3 waves of 0.5 s ≈ 1.5 s, then `100` at ≈ 2.0 s. Process start-up comes on top and shows on the timeline.",
        zh: "`[0, 1, 4, …, 81]` 在 ceil(10 / 4) = 3 批、每批 0.5 秒后（约 1.5 秒）出现，随后 `100` 在约 2.0 秒出现。进程启动的开销另计，画在时间线上。",
    },
    params: &[
        Param { name: "processes", label: Text { en: "Pool(processes)", zh: "Pool（进程数）" }, kind: Kind::Int, default: 4.0, min: 1.0, max: 16.0 },
        Param { name: "tasks", label: Text { en: "items for map", zh: "map 的元素数" }, kind: Kind::Int, default: 10.0, min: 1.0, max: 200.0 },
        Param { name: "delay", label: Text { en: "sleep per call (s)", zh: "每次调用的 sleep（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 },
    ],
    variants: &[
        Variant { key: "", label: Text { en: "corrected", zh: "修正后" }, about: Text { en: "", zh: "" } },
        Variant {
            key: "typo",
            label: Text { en: "as published: x  2", zh: "原文：x  2" },
            about: Text {
                en: "The published square() returns `x  2`, two names with nothing between them. Python rejects the whole file before running a line of it.",
                zh: "原文的 square() 返回 `x  2`，两个值之间缺少运算符。Python 在执行任何一行之前就拒绝了整个文件。",
            },
        },
    ],
    listing: |variant| if variant == "typo" { LISTING_TYPO } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("pool_map_square.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("pool-map-square.square", square)];

const LISTING: &str = r#"from multiprocessing import Pool
import time

def square(x):
    time.sleep({{delay}})
    return x ** 2

if __name__ == '__main__':
    with Pool({{processes}}) as pool:
        results = pool.map(square, range({{tasks}}))  # blocks; input order
    print(results)

    pool = Pool({{processes}})
    async_result = pool.apply_async(square, (10,))
    print(async_result.get())  # blocks until this one call is done
    pool.close()
    pool.join()
"#;

const LISTING_TYPO: &str = r#"from multiprocessing import Pool
import time

def square(x):
    time.sleep({{delay}})
    return x  2

if __name__ == '__main__':
    with Pool({{processes}}) as pool:
        results = pool.map(square, range({{tasks}}))
    print(results)
"#;

/// The model: `map` takes ceil(tasks / processes) waves of one delay; `apply_async` one more.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    if variant == "typo" {
        return Some(0.0);
    }
    Some((waves(v.int("tasks"), v.int("processes")) + 1.0) * v.get("delay") * 1000.0)
}

/// `square(x)` in a worker process: the argument and the delay arrive encoded, the result leaves so.
fn square(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(x, delay): (i64, f64)| async move {
        ctx.sleep(delay).await?;
        Ok(x * x)
    })
}

/// Formats a list the way Python prints it.
pub fn py_list<T: std::fmt::Display>(items: &[T]) -> String {
    let inner: Vec<String> = items.iter().map(|x| x.to_string()).collect();
    format!("[{}]", inner.join(", "))
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        if variant == "typo" {
            return Err(RunError::py("SyntaxError", "invalid syntax (line 6: return x  2)"));
        }
        let (processes, tasks, delay) = (v.int("processes"), v.int("tasks") as i64, v.get("delay"));
        let items: Vec<(i64, f64)> = (0..tasks).map(|x| (x, delay)).collect();

        let pool = ctx.pool(processes, false)?;
        let results: Vec<i64> = pool.map("pool-map-square.square", &items, |(x, _)| format!("square({x})")).await?;
        // Leaving `with Pool(...)` calls terminate(): the workers are gone at once.
        pool.terminate()?;
        ctx.print(py_list(&results));

        let pool = ctx.pool(processes, false)?;
        let job = pool.submit("pool-map-square.square", &(10i64, delay), "square(10)")?;
        let r: i64 = job.get().await?;
        ctx.print(r.to_string());
        pool.close_join().await?;
        Ok(())
    }
    .boxed_local()
}
