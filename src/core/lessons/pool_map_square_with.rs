//! # pool-map-square-with: `with Pool(4) as p:` and `p.map`
//!
//! A `Pool` used as a context manager: four worker processes square 1..5, and `map` returns
//! `[1, 4, 9, 16, 25]` in input order. Each call sleeps a little (a stand-in for real work; 0 is
//! the published program exactly), so the timeline shows the waves: with 5 items on 4 workers the
//! fifth item waits for a free worker, and the list appears after ceil(5 / 4) = 2 waves.
//! Leaving the `with` block calls `terminate()`, not `close()` + `join()`: the workers are killed
//! at once. The variant `after-with` shows what that means: a `map` after the block raises
//! `ValueError: Pool not running`.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lessons::pool_map_square::py_list;
use crate::core::lessons::waves;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, Target};

pub static LESSON: Lesson = Lesson {
    id: "pool-map-square-with",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "with Pool(...) as p: map", zh: "with Pool(...) as p：map" },
    concept: Text {
        en: "Pool works as a context manager: the with statement starts the worker processes and takes them down again when the block ends. Inside it, p.map(f, items) spreads the items over the workers, waits for all of them and gives back a list in the same order as the input. Be aware that leaving the block calls terminate(), which kills the workers straight away; it does not wait for unfinished work the way close() followed by join() does.",
        zh: "Pool 可以当作上下文管理器使用：with 语句启动工作进程，代码块结束时再把它们关掉。在代码块内，p.map(f, items) 把元素分给各个工作进程，等全部完成后返回一个与输入顺序一致的列表。注意：离开代码块时调用的是 terminate()，它会立刻杀掉工作进程，而不像 close() 加 join() 那样等待未完成的工作。",
    },
    expect: Text {
        en: "`[1, 4, 9, 16, 25]` after ceil(items / processes) waves of the sleep (2 × 0.5 s = 1 s with the defaults), plus process start-up, which the timeline draws.",
        zh: "`[1, 4, 9, 16, 25]` 在 ceil(元素数 / 进程数) 批 sleep 之后出现（默认 2 × 0.5 秒 = 1 秒），另加进程启动的时间，时间线上可以看到。",
    },
    params: &[
        Param { name: "processes", label: Text { en: "Pool(processes)", zh: "Pool（进程数）" }, kind: Kind::Int, default: 4.0, min: 1.0, max: 16.0 },
        Param { name: "items", label: Text { en: "numbers to square (1..n)", zh: "要平方的数（1..n）" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 100.0 },
        Param { name: "delay", label: Text { en: "sleep per call (s)", zh: "每次调用的 sleep（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 5.0 },
    ],
    variants: &[
        Variant { key: "", label: Text { en: "as published", zh: "原文" }, about: Text { en: "", zh: "" } },
        Variant {
            key: "after-with",
            label: Text { en: "pitfall: map after the with block", zh: "陷阱：在 with 块之后调用 map" },
            about: Text {
                en: "The with block ended by terminating the pool, so the pool object still exists but its workers are gone. Any further map or apply_async on it fails with ValueError: Pool not running.",
                zh: "with 块结束时已经终止了进程池：pool 对象还在，但工作进程已经没了。此后再对它调用 map 或 apply_async，会抛出 ValueError: Pool not running。",
            },
        },
    ],
    listing: |variant| if variant == "after-with" { LISTING_AFTER_WITH } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("pool_map_square_with.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("pool-map-square-with.square", square)];

const LISTING: &str = r#"from multiprocessing import Pool
import time

def square(n):
    time.sleep({{delay}})  # stand-in for real work (0: as published)
    return n * n

if __name__ == '__main__':
    with Pool({{processes}}) as p:
        results = p.map(square, range(1, {{items}} + 1))  # blocks; input order
        print(results)
    # leaving the block called p.terminate()
"#;

const LISTING_AFTER_WITH: &str = r#"from multiprocessing import Pool
import time

def square(n):
    time.sleep({{delay}})
    return n * n

if __name__ == '__main__':
    with Pool({{processes}}) as p:
        results = p.map(square, range(1, {{items}} + 1))
        print(results)
    # the block is over: p was terminated
    print(p.map(square, [6]))  # ValueError: Pool not running
"#;

/// The model: ceil(items / processes) waves of one sleep; the variant fails at once after them.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(waves(v.int("items"), v.int("processes")) * (v.get("delay") * 1000.0))
}

/// `square(n)` in a worker process.
fn square(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(n, delay): (i64, f64)| async move {
        ctx.sleep(delay).await?;
        Ok(n * n)
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (processes, items, delay) = (v.int("processes"), v.int("items") as i64, v.get("delay"));
        let args: Vec<(i64, f64)> = (1..=items).map(|n| (n, delay)).collect();

        let p = ctx.pool(processes, false)?;
        let mapped: Result<Vec<i64>, RunError> = p.map("pool-map-square-with.square", &args, |(n, _)| format!("square({n})")).await;
        let results = match mapped {
            Ok(r) => r,
            Err(e) => {
                // An exception inside `with` still leaves through __exit__, which terminates.
                p.terminate()?;
                return Err(e);
            }
        };
        ctx.print(py_list(&results));
        // `with Pool(...) as p:` ends here: __exit__ calls p.terminate().
        p.terminate()?;

        if variant == "after-with" {
            let again: Vec<i64> = p.map("pool-map-square-with.square", &[(6i64, delay)], |(n, _)| format!("square({n})")).await?;
            ctx.print(py_list(&again));
        }
        Ok(())
    }
    .boxed_local()
}
