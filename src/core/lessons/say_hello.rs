//! # say-hello: the smallest complete asyncio program
//!
//! `main()` awaits `say_hello()`, which sleeps without blocking and then prints. Expect a single
//! `Hello` one delay after the start (1 s by default); the run takes exactly the delay. Nothing is
//! printed before the sleep: the first second is the loop idling on a timer.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "say-hello",
    chapter: Chapter::Coroutines,
    title: Text { en: "say_hello: async def, await, asyncio.run", zh: "say_hello：async def、await 与 asyncio.run" },
    concept: Text {
        en: "Three pieces make every asyncio program: `async def` declares coroutines, `await` hands control to the loop until the awaited thing is ready, and `asyncio.run()` creates the loop, runs the top coroutine to completion and closes the loop. Here the only wait is `asyncio.sleep`, so the loop has nothing to do but wake the coroutine when the timer fires.",
        zh: "每个 asyncio 程序都由三部分组成：`async def` 声明协程，`await` 把控制权交给循环直到等待的对象就绪，`asyncio.run()` 创建循环、把顶层协程运行完再关闭循环。这里唯一的等待是 `asyncio.sleep`，所以循环只需在定时器到期时唤醒协程。",
    },
    expect: Text {
        en: "Silence for the delay, then `Hello`; the total time equals the delay (1 s by default).",
        zh: "先安静等待一个延时，然后打印 `Hello`；总耗时等于延时（默认 1 秒）。",
    },
    params: &[Param { name: "delay", label: Text { en: "sleep (s)", zh: "睡眠（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 60.0 }],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("say_hello.rs"),
};

const LISTING: &str = r#"import asyncio

async def say_hello():
    await asyncio.sleep({{delay}})
    print("Hello")

async def main():
    await say_hello()

asyncio.run(main())
"#;

/// The model: one sleep before the only line.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

async fn say_hello(lp: Loop, delay: f64) {
    asyncio_sleep(&lp, delay).await;
    lp.print("Hello");
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        say_hello(lp.clone(), v.get("delay")).await;
        Ok(())
    }
    .boxed_local()
}
