//! # semaphore-limit-2: `asyncio.Semaphore(n)` limits how many tasks run a section at once
//!
//! Five workers want to run a one-second job; the semaphore lets two in at a time. Expect pairs:
//! workers 0 and 1 start at 0 s, 2 and 3 at 1 s, 4 at 2 s, and the run ends at 3 s, that is
//! `ceil(workers / limit) * delay`. Waiters are served first come, first served, so the start order
//! is the creation order. The timeline shows each worker's wait for a permit and the hand-overs.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop, Semaphore};
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use super::waves;

pub static LESSON: Lesson = Lesson {
    id: "semaphore-limit-2",
    chapter: Chapter::Synchronisation,
    title: Text { en: "asyncio.Semaphore: at most n at a time", zh: "asyncio.Semaphore：同一时间最多 n 个" },
    concept: Text {
        en: "A semaphore holds a number of permits. `async with semaphore:` takes one, or waits until another task gives one back at the end of its own `async with`. With Semaphore(2), however many tasks are created, at most two are inside the block at once: a simple way to cap concurrent requests to a server.",
        zh: "信号量持有若干许可。`async with semaphore:` 取走一个许可，若没有可用的就等待，直到别的任务在其 `async with` 结束时归还。使用 Semaphore(2) 时，无论创建多少任务，同时处于代码块内的最多两个：这是限制并发请求数的简单方法。",
    },
    expect: Text {
        en: "Workers start in pairs at 0, 1 and 2 s; total = ceil(workers / limit) × delay (3 s by default).",
        zh: "工作者按两个一组在 0、1、2 秒开始；总耗时 = ceil(工作者数 / 上限) × 延时（默认 3 秒）。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "workers", zh: "工作者数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 1000.0 },
        Param { name: "limit", label: Text { en: "semaphore permits", zh: "信号量许可数" }, kind: Kind::Int, default: 2.0, min: 1.0, max: 1000.0 },
        Param { name: "delay", label: Text { en: "work (s)", zh: "工作时长（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("semaphore_limit_2.rs"),
};

const LISTING: &str = r#"import asyncio

async def worker(semaphore, num):
    async with semaphore:
        print(f"Worker {num} is starting")
        await asyncio.sleep({{delay}})
        print(f"Worker {num} is finished")

async def main():
    semaphore = asyncio.Semaphore({{limit}})  # at most this many at once
    tasks = [asyncio.create_task(worker(semaphore, i)) for i in range({{workers}})]
    await asyncio.gather(*tasks)

asyncio.run(main())
"#;

/// The model: the workers go through in waves of `limit`.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(waves(v.int("workers"), v.int("limit")) * (v.get("delay") * 1000.0))
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let delay = v.get("delay");
        let semaphore = Semaphore::new(&lp, "semaphore", v.int("limit"));
        let tasks = (0..v.int("workers"))
            .map(|num| {
                let (lp2, sem) = (lp.clone(), semaphore.clone());
                lp.spawn(format!("worker {num}"), async move {
                    let _permit = sem.acquire().await;
                    lp2.print(format!("Worker {num} is starting"));
                    lp2.sleep(delay).await;
                    lp2.print(format!("Worker {num} is finished"));
                })
            })
            .collect();
        gather(tasks).await;
        Ok(())
    }
    .boxed_local()
}
