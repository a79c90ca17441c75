//! # async-gen-sleep: an async generator consumed with `async for`
//!
//! `async_gen()` is `async def` with `yield`: each value is produced after an `await
//! asyncio.sleep(0.5)`, and `async for` in `main()` receives them one at a time. Expect `0`, `1`,
//! `2` at 0.5, 1.0 and 1.5 s; the run ends when the generator runs out, at count × delay.
//!
//! In Rust the async generator is a `Stream` built with `futures::stream::unfold`: its state (the
//! loop counter) is kept between items exactly as the generator's frame keeps `i` between yields,
//! and `None` plays the part of `StopAsyncIteration`.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::stream::{self, LocalBoxStream, StreamExt};

use crate::core::event_loop::Loop;
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "async-gen-sleep",
    chapter: Chapter::Coroutines,
    title: Text { en: "Async generators and async for", zh: "异步生成器与 async for" },
    concept: Text {
        en: "A function defined with `async def` that contains `yield` is an async generator. It hands out values one at a time like an ordinary generator, but between two values it may `await`, letting the event loop run other work. `async for` asks it for the next value and waits as long as it takes. It suits data that arrives bit by bit: pages of a query, lines of a stream, messages.",
        zh: "用 `async def` 定义且包含 `yield` 的函数是异步生成器。它像普通生成器一样一次给出一个值，但在两个值之间可以 `await`，让事件循环去做别的事。`async for` 向它要下一个值，需要等多久就等多久。它适合逐步到达的数据：分页查询、数据流的行、消息。",
    },
    expect: Text {
        en: "`0`, `1`, `2` at 0.5, 1.0 and 1.5 s (one delay apart); the loop ends when the generator is exhausted. Total = count × delay.",
        zh: "在 0.5、1.0、1.5 秒依次打印 `0`、`1`、`2`（间隔一个延时）；生成器耗尽时循环结束。总耗时 = 个数 × 延时。",
    },
    params: &[
        Param { name: "count", label: Text { en: "values yielded", zh: "生成的值个数" }, kind: Kind::Int, default: 3.0, min: 0.0, max: 1000.0 },
        Param { name: "delay", label: Text { en: "sleep before each (s)", zh: "每个值之前的睡眠（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("async_gen_sleep.rs"),
};

const LISTING: &str = r#"import asyncio

async def async_gen():
    for i in range({{count}}):
        await asyncio.sleep({{delay}})
        yield i

async def main():
    async for num in async_gen():
        print(num)  # 0, 1, 2 ... one delay apart

asyncio.run(main())
"#;

/// The model: the sleeps run one after another, one per value.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.int("count") as f64 * (v.get("delay") * 1000.0))
}

/// `async def async_gen(): for i in range(count): await asyncio.sleep(delay); yield i`.
/// The stream's state is the generator's frame: the next `i`. Ending the stream is
/// `StopAsyncIteration`.
pub fn async_gen(lp: Loop, count: usize, delay: f64) -> LocalBoxStream<'static, usize> {
    stream::unfold(0usize, move |i| {
        let lp = lp.clone();
        async move {
            if i < count {
                asyncio_sleep(&lp, delay).await;
                Some((i, i + 1))
            } else {
                None
            }
        }
    })
    .boxed_local()
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        // `async for num in async_gen():` — await the next item until the generator is exhausted.
        let mut gen = async_gen(lp.clone(), v.int("count"), v.get("delay"));
        while let Some(num) = gen.next().await {
            lp.print(num.to_string());
        }
        Ok(())
    }
    .boxed_local()
}
