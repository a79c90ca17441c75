//! # pool-map-close-join: `Pool(processes=4)`, `map`, then `close()` and `join()`
//!
//! The pool is created without `with`, so it has to be shut down by hand: `close()` says no more
//! work will come, `join()` waits until every worker process has exited. `map` squares 1..5 on
//! four workers and prints `[1, 4, 9, 16, 25]` in input order. Each call sleeps a little (a
//! stand-in for real work; 0 is the published program exactly), so the list appears after
//! ceil(5 / 4) = 2 waves and the timeline shows the fifth item waiting for a free worker; after
//! `join()` every worker has ended on its own (exit code 0), unlike `terminate()`. The variant
//! `map-after-close` submits more work after `close()`: `ValueError: Pool not running`.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lessons::pool_map_square::py_list;
use crate::core::lessons::waves;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, Target};

pub static LESSON: Lesson = Lesson {
    id: "pool-map-close-join",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "Pool.map, then close() and join()", zh: "Pool.map，然后 close() 与 join()" },
    concept: Text {
        en: "Without a with block you own the pool's shutdown. close() marks the pool as finished: the workers complete whatever is queued and then exit, and no new task is accepted. join() blocks until all of them have exited; calling it before close() is an error. Forgetting both leaves worker processes alive until the program ends. map itself is unchanged: it waits for every result and returns them in input order.",
        zh: "不用 with 块时，进程池的收尾要自己负责。close() 表示不再提交任务：工作进程做完队列里已有的任务后退出，新任务一律拒绝。join() 阻塞到所有工作进程都退出为止；在 close() 之前调用它会出错。两个都忘了，工作进程就会一直留到程序结束。map 本身不变：等所有结果返回，按输入顺序给出列表。",
    },
    expect: Text {
        en: "`[1, 4, 9, 16, 25]` after ceil(items / processes) waves of the sleep (2 × 0.5 s = 1 s with the defaults); close() and join() then return as soon as the idle workers have exited.",
        zh: "`[1, 4, 9, 16, 25]` 在 ceil(元素数 / 进程数) 批 sleep 之后出现（默认 2 × 0.5 秒 = 1 秒）；随后 close() 和 join() 在空闲的工作进程退出后立即返回。",
    },
    params: &[
        Param { name: "processes", label: Text { en: "Pool(processes)", zh: "Pool（进程数）" }, kind: Kind::Int, default: 4.0, min: 1.0, max: 16.0 },
        Param { name: "items", label: Text { en: "numbers to square (1..n)", zh: "要平方的数（1..n）" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 100.0 },
        Param { name: "delay", label: Text { en: "sleep per call (s)", zh: "每次调用的 sleep（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 5.0 },
    ],
    variants: &[
        Variant { key: "", label: Text { en: "as published", zh: "原文" }, about: Text { en: "", zh: "" } },
        Variant {
            key: "map-after-close",
            label: Text { en: "pitfall: map after close()", zh: "陷阱：close() 之后再 map" },
            about: Text {
                en: "close() is final: the pool finishes the work it has and refuses anything new. A second map after close() raises ValueError: Pool not running instead of starting the workers again.",
                zh: "close() 是不可逆的：进程池做完手头的任务，不再接受新任务。close() 之后再调用 map 会抛出 ValueError: Pool not running，而不会重新启动工作进程。",
            },
        },
    ],
    listing: |variant| if variant == "map-after-close" { LISTING_AFTER_CLOSE } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("pool_map_close_join.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("pool-map-close-join.square", square)];

const LISTING: &str = r#"import multiprocessing
import time

def square(x):
    time.sleep({{delay}})  # stand-in for real work (0: as published)
    return x**2

if __name__ == '__main__':
    pool = multiprocessing.Pool(processes={{processes}})
    result = pool.map(square, range(1, {{items}} + 1))  # blocks; input order
    print(result)
    pool.close()  # no more tasks
    pool.join()   # wait for the workers to exit
"#;

const LISTING_AFTER_CLOSE: &str = r#"import multiprocessing
import time

def square(x):
    time.sleep({{delay}})
    return x**2

if __name__ == '__main__':
    pool = multiprocessing.Pool(processes={{processes}})
    result = pool.map(square, range(1, {{items}} + 1))
    print(result)
    pool.close()
    pool.join()
    print(pool.map(square, [6]))  # ValueError: Pool not running
"#;

/// The model: ceil(items / processes) waves of one sleep; closing idle workers costs nothing.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(waves(v.int("items"), v.int("processes")) * (v.get("delay") * 1000.0))
}

/// `square(x)` in a worker process.
fn square(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(x, delay): (i64, f64)| async move {
        ctx.sleep(delay).await?;
        Ok(x * x)
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (processes, items, delay) = (v.int("processes"), v.int("items") as i64, v.get("delay"));
        let args: Vec<(i64, f64)> = (1..=items).map(|x| (x, delay)).collect();

        let pool = ctx.pool(processes, false)?;
        let result: Vec<i64> = pool.map("pool-map-close-join.square", &args, |(x, _)| format!("square({x})")).await?;
        ctx.print(py_list(&result));
        // close() + join(): the workers leave once the queue is empty, and are waited for.
        pool.close_join().await?;

        if variant == "map-after-close" {
            let again: Vec<i64> = pool.map("pool-map-close-join.square", &[(6i64, delay)], |(x, _)| format!("square({x})")).await?;
            ctx.print(py_list(&again));
        }
        Ok(())
    }
    .boxed_local()
}
