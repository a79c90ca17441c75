//! # create-task-hello-world: `asyncio.create_task` wraps a coroutine in a Task
//!
//! `main()` turns `hello_world()` into a Task and awaits it. The Task is scheduled on the loop and
//! starts at the loop's next step, as soon as `main` pauses on `await task`; awaiting the Task then
//! waits for it to finish. Expect `Hello, world!` at 0 s, printed this time by the task, not by main
//! (the timeline shows a second bar). The published snippet is a fragment with no `asyncio.run`;
//! the corrected listing adds the import, the `hello_world` definition it relies on, and the run.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Lesson, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "create-task-hello-world",
    chapter: Chapter::TasksTimeouts,
    title: Text { en: "asyncio.create_task: a coroutine becomes a Task", zh: "asyncio.create_task：把协程变成任务" },
    concept: Text {
        en: "A Task is a coroutine handed to the event loop. `asyncio.create_task(coro)` schedules it at once and returns a Task object; the coroutine starts running the next time the loop gets control, whether or not anybody awaits it. `await task` waits for it to end and gives back its return value. Tasks are how asyncio runs several coroutines at the same time.",
        zh: "任务（Task）就是交给事件循环管理的协程。`asyncio.create_task(coro)` 立即把它排入日程并返回 Task 对象；下一次循环拿到控制权时协程就开始运行，不管有没有人 await 它。`await task` 等它结束并取得返回值。asyncio 正是靠任务让多个协程同时运行。",
    },
    expect: Text {
        en: "`Hello, world!` at 0 s, printed by the hello_world task (its own bar on the timeline), while main waits on it. The published snippet is a fragment (no `asyncio.run(main())`), so on its own it runs nothing; the listing here is completed.",
        zh: "0 秒时由 hello_world 任务打印 `Hello, world!`（时间线上有它自己的一条），main 在等它。原文是片段（没有 `asyncio.run(main())`），单独运行什么也不会发生；这里的代码已补全。",
    },
    params: &[],
    variants: &[Variant {
        key: "",
        label: Text { en: "completed program", zh: "补全后的程序" },
        about: Text { en: "The fragment with the import, hello_world and asyncio.run(main()) added.", zh: "在片段基础上补上 import、hello_world 定义和 asyncio.run(main())。" },
    }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("create_task_hello_world.rs"),
};

const LISTING: &str = r#"import asyncio  # added

async def hello_world():  # added: defined earlier in the tutorial
    print("Hello, world!")

async def main():
    task = asyncio.create_task(hello_world())
    await task  # wait for the task to finish

asyncio.run(main())  # added: without it nothing runs
"#;

/// The model: nothing waits on a timer.
fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(0.0)
}

async fn hello_world(lp: Loop) {
    lp.print("Hello, world!");
}

fn main(lp: Loop, _v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let task = lp.spawn("hello_world()", hello_world(lp.clone()));
        task.await?;
        Ok(())
    }
    .boxed_local()
}
