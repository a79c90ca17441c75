//! # hello-sleep-world: `asyncio.run` drives a coroutine, `await asyncio.sleep` suspends it
//!
//! The smallest asyncio program: `main()` prints, sleeps without blocking, prints again.
//! Expect `Hello` at 0 s and `world` one delay later (1 s by default); the run takes exactly the
//! delay. The pitfall is to think `await` makes anything run in parallel: here nothing else is
//! waiting, so the loop simply idles until the timer is due.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "hello-sleep-world",
    chapter: Chapter::Coroutines,
    title: Text { en: "Hello … world: the event loop and asyncio.sleep", zh: "Hello … world：事件循环与 asyncio.sleep" },
    concept: Text {
        en: "asyncio.run() creates an event loop and runs one coroutine on it until it returns. When the coroutine reaches `await asyncio.sleep(...)`, it hands control back to the loop and asks to be woken later; the loop, with nothing else to do, waits for that timer and then resumes the coroutine right after the await.",
        zh: "asyncio.run() 创建一个事件循环，并在其上运行一个协程直到它返回。协程执行到 `await asyncio.sleep(...)` 时，把控制权交还给循环，请求稍后被唤醒；循环没有别的事可做，就等待这个定时器到期，然后从 await 之后继续执行协程。",
    },
    expect: Text {
        en: "`Hello` at 0 s, `world` after the delay; the total time equals the delay. Try a delay of 0: the loop still goes round once before `world`.",
        zh: "0 秒时打印 `Hello`，延时之后打印 `world`；总耗时等于延时。试试把延时设为 0：循环仍会先转一圈再打印 `world`。",
    },
    params: &[Param { name: "delay", label: Text { en: "sleep (s)", zh: "睡眠（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 60.0 }],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("hello_sleep_world.rs"),
};

const LISTING: &str = r#"import asyncio

async def main():
    print("Hello")
    await asyncio.sleep({{delay}})
    print("world")

asyncio.run(main())
"#;

/// The model: one sleep, nothing else.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        lp.print("Hello");
        lp.sleep(v.get("delay")).await;
        lp.print("world");
        Ok(())
    }
    .boxed_local()
}
