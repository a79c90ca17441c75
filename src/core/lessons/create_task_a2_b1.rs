//! # create-task-a2-b1: create_task runs coroutines at once; gather keeps argument order
//!
//! Task A sleeps 2 s, task B 1 s. Both start at 0 s; B completes first at 1 s, A at 2 s. Yet the
//! results gathered from `(task1, task2)` come back as A's then B's: gather returns results in the
//! order of its arguments, not in the order the tasks finish. The run takes the longer delay (2 s),
//! where awaiting the two coroutines one after the other would take 3 s.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop};
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "create-task-a2-b1",
    chapter: Chapter::TasksTimeouts,
    title: Text { en: "create_task vs await: A (2 s) and B (1 s)", zh: "create_task 与直接 await：A（2 秒）和 B（1 秒）" },
    concept: Text {
        en: "`await coro()` runs one coroutine to its end before the next line, so two of them take the sum of their times. `asyncio.create_task(coro())` starts the coroutine in the background and returns at once, so two tasks wait at the same time. `asyncio.gather(task1, task2)` waits for both and lists their results in the order they were passed, whichever finished first.",
        zh: "`await coro()` 会先把一个协程运行到结束再执行下一行，所以两个协程耗时相加。`asyncio.create_task(coro())` 让协程在后台开始并立即返回，所以两个任务同时等待。`asyncio.gather(task1, task2)` 等待两者完成，并按传入顺序列出结果，不管谁先完成。",
    },
    expect: Text {
        en: "`Task A started` and `Task B started` at 0 s; `Task B completed` at 1 s; `Task A completed` at 2 s; then `Result of A`, `Result of B` (argument order) at 2 s. Total = the longer delay.",
        zh: "0 秒打印 `Task A started` 和 `Task B started`；1 秒 `Task B completed`；2 秒 `Task A completed`；随后在 2 秒按参数顺序打印 `Result of A`、`Result of B`。总耗时等于较长的延时。",
    },
    params: &[
        Param { name: "delay_a", label: Text { en: "task A sleeps (s)", zh: "任务 A 睡眠（秒）" }, kind: Kind::Seconds, default: 2.0, min: 0.0, max: 60.0 },
        Param { name: "delay_b", label: Text { en: "task B sleeps (s)", zh: "任务 B 睡眠（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("create_task_a2_b1.rs"),
};

const LISTING: &str = r#"import asyncio

async def task(name, delay):
    print(f"Task {name} started")
    await asyncio.sleep(delay)
    print(f"Task {name} completed")
    return f"Result of {name}"

async def main():
    # create_task starts both coroutines concurrently
    task1 = asyncio.create_task(task("A", {{delay_a}}))
    task2 = asyncio.create_task(task("B", {{delay_b}}))

    # wait for both; results come back in argument order
    results = await asyncio.gather(task1, task2)
    for result in results:
        print(result)

asyncio.run(main())
"#;

/// The model: both sleeps overlap, so the run lasts the longer one.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some((v.get("delay_a") * 1000.0).max(v.get("delay_b") * 1000.0))
}

async fn task(lp: Loop, name: &'static str, delay: f64) -> String {
    lp.print(format!("Task {name} started"));
    asyncio_sleep(&lp, delay).await;
    lp.print(format!("Task {name} completed"));
    format!("Result of {name}")
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let task1 = lp.spawn("task A", task(lp.clone(), "A", v.get("delay_a")));
        let task2 = lp.spawn("task B", task(lp.clone(), "B", v.get("delay_b")));
        let results = gather(vec![task1, task2]).await;
        for result in results {
            let result = result?;
            lp.print(result);
        }
        Ok(())
    }
    .boxed_local()
}
