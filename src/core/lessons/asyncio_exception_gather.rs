//! # asyncio-exception-gather: catching exceptions from coroutines, and `gather(return_exceptions=True)`
//!
//! `risky_task` waits `delay` seconds and raises `ValueError("出错")`. Awaited directly inside
//! `try/except`, the exception arrives in `main` like any other: `捕获异常：出错` at one delay.
//! Then `tasks` copies run together under `gather(..., return_exceptions=True)`: every exception
//! comes back as a value in the result list, so `main` prints `任务失败： 出错` once per task, all
//! at two delays (the waits overlap), and nothing propagates.
//!
//! The `raise` variant drops `return_exceptions=True`: the first exception propagates out of
//! `gather`, nothing catches it, and the run ends with `ValueError: 出错` at two delays, with no
//! `任务失败` lines at all.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, gather_raising, Loop};
use crate::core::trace::MarkKind;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-exception-gather",
    chapter: Chapter::TasksTimeouts,
    title: Text { en: "Exceptions in coroutines and gather", zh: "协程中的异常与 gather" },
    concept: Text {
        en: "An exception raised in a coroutine travels to whoever awaits it, so an ordinary try/except around the await catches it. With several tasks under asyncio.gather, the default is to pass the first exception on to the caller; with return_exceptions=True, gather instead waits for every task and puts each exception in the result list where the result would have been, so the caller can check each item with isinstance(r, Exception).",
        zh: "协程中抛出的异常会传给等待它的一方，所以在 await 外面套一个普通的 try/except 就能捕获。用 asyncio.gather 运行多个任务时，默认把第一个异常传给调用方；加上 return_exceptions=True 后，gather 会等所有任务结束，并把每个异常放在结果列表中本该放结果的位置，调用方可以用 isinstance(r, Exception) 逐个检查。",
    },
    expect: Text {
        en: "`捕获异常：出错` after one delay, then one `任务失败： 出错` per task after two delays (the tasks wait together). The raise variant ends with an uncaught `ValueError: 出错` instead.",
        zh: "一个延时后出现 `捕获异常：出错`，两个延时后每个任务各出现一行 `任务失败： 出错`（这些任务一起等待）。raise 变体则以未捕获的 `ValueError: 出错` 结束。",
    },
    params: &[
        Param { name: "tasks", label: Text { en: "failing tasks", zh: "失败任务数" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 100.0 },
        Param { name: "delay", label: Text { en: "delay before raising (s)", zh: "抛出前的延时（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 30.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "return_exceptions=True", zh: "return_exceptions=True" },
            about: Text { en: "Exceptions come back as values; every task is reported.", zh: "异常作为值返回；每个任务都会被报告。" },
        },
        Variant {
            key: "raise",
            label: Text { en: "without return_exceptions", zh: "不加 return_exceptions" },
            about: Text {
                en: "The first exception propagates out of gather and nobody catches it: the program dies with ValueError.",
                zh: "第一个异常从 gather 传出，没有人捕获它：程序以 ValueError 结束。",
            },
        },
    ],
    listing: |variant| if variant == "raise" { RAISE } else { LISTING },
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_exception_gather.rs"),
};

const LISTING: &str = r#"import asyncio

async def risky_task():
    await asyncio.sleep({{delay}})  # some work before it goes wrong
    raise ValueError("出错")

async def main():
    try:
        await risky_task()
    except ValueError as e:
        print(f"捕获异常：{e}")

    # many tasks: exceptions come back as values
    tasks = [risky_task() for _ in range({{tasks}})]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            print("任务失败：", r)

asyncio.run(main())
"#;

const RAISE: &str = r#"import asyncio

async def risky_task():
    await asyncio.sleep({{delay}})  # some work before it goes wrong
    raise ValueError("出错")

async def main():
    try:
        await risky_task()
    except ValueError as e:
        print(f"捕获异常：{e}")

    tasks = [risky_task() for _ in range({{tasks}})]
    # no return_exceptions: the first ValueError propagates from here
    results = await asyncio.gather(*tasks)
    for r in results:
        if isinstance(r, Exception):
            print("任务失败：", r)

asyncio.run(main())
"#;

/// The model: one delay for the direct await, one more for the tasks, which wait together.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(2.0 * v.get("delay") * 1000.0)
}

/// `risky_task()`: waits, then raises `ValueError("出错")`.
async fn risky_task(lp: Loop, delay: f64) -> Result<(), RunError> {
    lp.sleep(delay).await;
    // A mark where and when the exception is raised, inside the raising task's bar.
    lp.mark(MarkKind::Error, "ValueError: 出错");
    Err(RunError::py("ValueError", "出错"))
}

fn main(lp: Loop, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let delay = v.get("delay");
        match risky_task(lp.clone(), delay).await {
            Ok(()) => {}
            Err(RunError::Py { kind, message }) if kind == "ValueError" => lp.print(format!("捕获异常：{message}")),
            Err(other) => return Err(other),
        }

        let tasks = (0..v.int("tasks")).map(|i| lp.spawn(format!("risky_task() #{i}"), risky_task(lp.clone(), delay))).collect();
        if variant == "raise" {
            // Without return_exceptions the first exception leaves gather as soon as it is raised.
            gather_raising(tasks).await?;
            return Ok(());
        }
        for r in gather(tasks).await {
            match r? {
                Ok(()) => {}
                // print("任务失败：", r): two arguments, joined by a space.
                Err(RunError::Py { message, .. }) => lp.print(format!("任务失败： {message}")),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
    .boxed_local()
}
