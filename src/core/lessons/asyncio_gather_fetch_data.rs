//! # asyncio-gather-fetch-data: `asyncio.gather` runs coroutines together, results in argument order
//!
//! Five "fetches" each wait one second. Gathered, they wait at the same time: every
//! `Fetching data for i` line appears at 0 s, every `Data for i` line at 1 s, and the whole run
//! takes one delay, not five. The results come back in the order the coroutines were passed,
//! whatever order they finish in. Scale `tasks` to 10,000 and the run still takes about one delay:
//! waiting is cheap, which is the point of an event loop.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop};
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-gather-fetch-data",
    chapter: Chapter::Coroutines,
    title: Text { en: "asyncio.gather: many waits at once", zh: "asyncio.gather：同时等待多个协程" },
    concept: Text {
        en: "asyncio.gather() wraps each coroutine in a task, so they all start on the next turn of the loop, and waits until every one has finished. While one task sleeps (standing in for network I/O), the loop runs the others, so N waits of one second overlap into one second. gather returns the results as a list in the order of its arguments.",
        zh: "asyncio.gather() 把每个协程包装成任务，它们在循环的下一轮一起开始，gather 等到全部完成才返回。一个任务睡眠（模拟网络 I/O）时，循环去运行其他任务，所以 N 个一秒的等待重叠成一秒。gather 按参数顺序返回结果列表。",
    },
    expect: Text {
        en: "All `Fetching` lines at 0 s, all `Data` lines at 1 s in argument order; total ≈ one delay whatever the number of tasks.",
        zh: "所有 `Fetching` 行在 0 秒出现，所有 `Data` 行在 1 秒按参数顺序出现；无论任务多少，总耗时约为一个延时。",
    },
    params: &[
        Param { name: "tasks", label: Text { en: "coroutines", zh: "协程数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 10_000.0 },
        Param { name: "delay", label: Text { en: "I/O wait (s)", zh: "I/O 等待（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_gather_fetch_data.rs"),
};

const LISTING: &str = r#"import asyncio

async def fetch_data(x):
    print(f"Fetching data for {x}")
    await asyncio.sleep({{delay}})  # stands in for network I/O
    return f"Data for {x}"

async def main():
    tasks = [fetch_data(i) for i in range({{tasks}})]
    results = await asyncio.gather(*tasks)
    for result in results:
        print(result)

asyncio.run(main())
"#;

/// The model: all waits overlap, so the run takes one delay.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let delay = v.get("delay");
        let tasks = (0..v.int("tasks"))
            .map(|x| {
                let lp2 = lp.clone();
                lp.spawn(format!("fetch_data({x})"), async move {
                    lp2.print(format!("Fetching data for {x}"));
                    lp2.sleep(delay).await;
                    format!("Data for {x}")
                })
            })
            .collect();
        for result in gather(tasks).await {
            // gather without return_exceptions re-raises; nothing here cancels a fetch.
            let result = result?;
            lp.print(result);
        }
        Ok(())
    }
    .boxed_local()
}
