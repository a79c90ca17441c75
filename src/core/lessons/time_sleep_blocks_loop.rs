//! # time-sleep-blocks-loop: `time.sleep` inside a coroutine freezes the whole event loop
//!
//! Two halves of two seconds each: first `await asyncio.sleep(2)`, then `time.sleep(2)`. As
//! published, nothing else runs, so both halves look alike (4 s in total) and the program cannot
//! show the difference it is about. The `ticker` variant adds a second task that prints every
//! half second: it keeps ticking during `asyncio.sleep` and is frozen during `time.sleep`, because
//! a blocking call never returns control to the loop. The timeline draws the frozen stretch in red.
//!
//! In the page the lesson's own loop is frozen, the page is not: the driver waits on a browser
//! timer without running any of the lesson's tasks.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "time-sleep-blocks-loop",
    chapter: Chapter::Coroutines,
    title: Text { en: "time.sleep blocks the event loop", zh: "time.sleep 会阻塞事件循环" },
    concept: Text {
        en: "asyncio.sleep() suspends only the coroutine that awaits it: the loop goes on running other tasks. time.sleep() is an ordinary blocking call: the thread that runs the loop stops, so no task can run until it returns. Inside async code, any blocking call (time.sleep, a synchronous HTTP request, heavy computation) has this effect.",
        zh: "asyncio.sleep() 只挂起等待它的那个协程，循环继续运行其他任务。time.sleep() 是普通的阻塞调用：运行循环的线程停住了，在它返回之前任何任务都不能运行。在异步代码里，任何阻塞调用（time.sleep、同步 HTTP 请求、繁重计算）都有同样的效果。",
    },
    expect: Text {
        en: "4 s in total, 2 s per half. The published program shows no difference between the halves; choose the ticker variant to see ticks every 0.5 s during asyncio.sleep and none during time.sleep.",
        zh: "总共 4 秒，每半 2 秒。原始程序看不出两半的区别；选择 ticker 变体：asyncio.sleep 期间每 0.5 秒打印一次 tick，time.sleep 期间一次也没有。",
    },
    params: &[
        Param { name: "delay", label: Text { en: "sleep per half (s)", zh: "每半睡眠（秒）" }, kind: Kind::Seconds, default: 2.0, min: 0.0, max: 30.0 },
        Param { name: "tick", label: Text { en: "ticker interval (s)", zh: "ticker 间隔（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.05, max: 10.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "as published", zh: "原始程序" },
            about: Text { en: "Nothing else runs, so the two halves look the same.", zh: "没有其他任务在运行，所以两半看起来一样。" },
        },
        Variant {
            key: "ticker",
            label: Text { en: "with a ticker task", zh: "加一个 ticker 任务" },
            about: Text { en: "A second task prints every interval; time.sleep freezes it.", zh: "第二个任务每隔一段时间打印；time.sleep 会让它停住。" },
        },
    ],
    listing: |variant| if variant == "ticker" { TICKER } else { PUBLISHED },
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("time_sleep_blocks_loop.rs"),
};

const PUBLISHED: &str = r#"import asyncio
import time

async def task_using_asyncio_sleep():
    print("Task starts (asyncio.sleep)")
    await asyncio.sleep({{delay}})  # suspends this coroutine only
    print("Task ends (asyncio.sleep)")

async def task_using_time_sleep():
    print("Task starts (time.sleep)")
    time.sleep({{delay}})  # blocks the thread, and with it the loop
    print("Task ends (time.sleep)")

async def main():
    print("Using asyncio.sleep:")
    await task_using_asyncio_sleep()

    print("\nUsing time.sleep:")
    await task_using_time_sleep()

asyncio.run(main())
"#;

const TICKER: &str = r#"import asyncio
import time

async def ticker():
    n = 0
    while True:
        await asyncio.sleep({{tick}})
        n += 1
        print(f"tick {n}")

async def task_using_asyncio_sleep():
    print("Task starts (asyncio.sleep)")
    await asyncio.sleep({{delay}})  # the ticker keeps ticking
    print("Task ends (asyncio.sleep)")

async def task_using_time_sleep():
    print("Task starts (time.sleep)")
    time.sleep({{delay}})  # the ticker is frozen
    print("Task ends (time.sleep)")

async def main():
    tick = asyncio.create_task(ticker())
    print("Using asyncio.sleep:")
    await task_using_asyncio_sleep()

    print("\nUsing time.sleep:")
    await task_using_time_sleep()
    tick.cancel()

asyncio.run(main())
"#;

/// The model: two halves of one delay each; the ticker adds no time.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(2.0 * v.get("delay") * 1000.0)
}

fn main(lp: Loop, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (delay, tick_every) = (v.get("delay"), v.get("tick"));
        let ticker = (variant == "ticker").then(|| {
            let lp2 = lp.clone();
            lp.spawn("ticker", async move {
                let mut n = 0;
                loop {
                    lp2.sleep(tick_every).await;
                    n += 1;
                    lp2.print(format!("tick {n}"));
                }
            })
        });
        lp.print("Using asyncio.sleep:");
        lp.print("Task starts (asyncio.sleep)");
        lp.sleep(delay).await;
        lp.print("Task ends (asyncio.sleep)");
        // print("\nUsing time.sleep:") writes two lines: an empty one, then the text.
        lp.print("");
        lp.print("Using time.sleep:");
        lp.print("Task starts (time.sleep)");
        lp.block(delay).await;
        lp.print("Task ends (time.sleep)");
        if let Some(t) = ticker {
            t.cancel();
        }
        Ok(())
    }
    .boxed_local()
}
