//! # asyncio-create-task-workers: create a task per worker, then gather them
//!
//! Five workers are turned into tasks in a loop and gathered. Every task starts on the loop's next
//! step, so all five `Worker i is starting` lines appear at 0 s in creation order, and all five
//! `Worker i is finished` lines one delay later, in the same order (equal timers fire in the order
//! they were set). The run takes one delay whatever the number of workers.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop};
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-create-task-workers",
    chapter: Chapter::TasksTimeouts,
    title: Text { en: "A task per worker, then gather", zh: "每个工作者一个任务，再 gather" },
    concept: Text {
        en: "Creating tasks in a loop is the usual way to start many coroutines: each `asyncio.create_task()` schedules one, and none of them waits for the others. `asyncio.gather(*tasks)` then waits for the whole list. Because the workers only wait (sleep), the loop keeps all of them in flight together.",
        zh: "在循环里创建任务是启动大量协程的常见写法：每次 `asyncio.create_task()` 安排一个，它们互不等待。随后 `asyncio.gather(*tasks)` 等待整个列表完成。由于工作者只是在等待（睡眠），循环可以让它们全部同时进行。",
    },
    expect: Text {
        en: "All `starting` lines at 0 s, all `finished` lines one delay later (1 s), both in worker order; total = one delay, not workers × delay.",
        zh: "所有 `starting` 行在 0 秒出现，所有 `finished` 行在一个延时后（1 秒）出现，都按工作者编号顺序；总耗时为一个延时，而不是工作者数 × 延时。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "workers", zh: "工作者数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 10_000.0 },
        Param { name: "delay", label: Text { en: "work (s)", zh: "工作时长（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_create_task_workers.rs"),
};

const LISTING: &str = r#"import asyncio

async def worker(num):
    print(f"Worker {num} is starting")
    await asyncio.sleep({{delay}})
    print(f"Worker {num} is finished")

async def main():
    tasks = []
    for i in range({{workers}}):
        task = asyncio.create_task(worker(i))
        tasks.append(task)
    await asyncio.gather(*tasks)

asyncio.run(main())
"#;

/// The model: every worker sleeps at the same time, so the run lasts one delay.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

async fn worker(lp: Loop, num: usize, delay: f64) {
    lp.print(format!("Worker {num} is starting"));
    asyncio_sleep(&lp, delay).await;
    lp.print(format!("Worker {num} is finished"));
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let delay = v.get("delay");
        let mut tasks = Vec::new();
        for i in 0..v.int("workers") {
            let task = lp.spawn(format!("worker({i})"), worker(lp.clone(), i, delay));
            tasks.push(task);
        }
        for r in gather(tasks).await {
            r?;
        }
        Ok(())
    }
    .boxed_local()
}
