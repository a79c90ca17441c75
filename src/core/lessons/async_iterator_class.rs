//! # async-iterator-class: the async iteration protocol written by hand
//!
//! `AsyncIterable.__aiter__` returns an iterator whose `async def __anext__` sleeps 0.1 s and
//! returns the next item, or raises `StopAsyncIteration` when the list is used up. `async for`
//! calls these methods for you. Expect `1` … `5`, one every 0.1 s (at 0.1, 0.2, … 0.5 s); the last
//! `__anext__` call raises at once, so the run ends at items × delay.
//!
//! The Rust below keeps the same two objects: [`AsyncIterable::aiter`] and
//! [`AsyncIterator::anext`], which returns `Err(StopAsyncIteration)` at the end; the `loop` in
//! `main` is what `async for` expands to.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "async-iterator-class",
    chapter: Chapter::Coroutines,
    title: Text { en: "async for under the hood: __aiter__ and __anext__", zh: "async for 的内部：__aiter__ 与 __anext__" },
    concept: Text {
        en: "`async for x in obj` calls `obj.__aiter__()` once to get an iterator, then awaits `iterator.__anext__()` for every item; the loop stops when `__anext__` raises `StopAsyncIteration`. Because `__anext__` is a coroutine, each step may wait on I/O without blocking the loop. Writing the two methods by hand shows what an async generator does for you.",
        zh: "`async for x in obj` 先调用一次 `obj.__aiter__()` 得到迭代器，然后对每个元素 await `iterator.__anext__()`；当 `__anext__` 抛出 `StopAsyncIteration` 时循环结束。由于 `__anext__` 是协程，每一步都可以等待 I/O 而不阻塞循环。亲手写这两个方法，就能看清异步生成器替你做了什么。",
    },
    expect: Text {
        en: "`1`, `2`, `3`, `4`, `5`, one every 0.1 s (the first at 0.1 s); the final `__anext__` raises StopAsyncIteration without sleeping. Total = items × delay.",
        zh: "每隔 0.1 秒打印一个数：`1`、`2`、`3`、`4`、`5`（第一个在 0.1 秒）；最后一次 `__anext__` 不睡眠，直接抛出 StopAsyncIteration。总耗时 = 元素数 × 延时。",
    },
    params: &[
        Param { name: "items", label: Text { en: "items in the list", zh: "列表元素个数" }, kind: Kind::Int, default: 5.0, min: 0.0, max: 1000.0 },
        Param { name: "delay", label: Text { en: "sleep per item (s)", zh: "每个元素的睡眠（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("async_iterator_class.rs"),
};

const LISTING: &str = r#"import asyncio

class AsyncIterable:
    def __init__(self, items):
        self.items = items

    def __aiter__(self):
        return self.AsyncIterator(self.items)

    class AsyncIterator:
        def __init__(self, items):
            self.items = items
            self.index = 0

        async def __anext__(self):
            if self.index < len(self.items):
                result = self.items[self.index]
                self.index += 1
                # stands in for an asynchronous operation
                await asyncio.sleep({{delay}})
                return result
            else:
                raise StopAsyncIteration

async def main():
    async_iterable = AsyncIterable(list(range(1, {{items}} + 1)))  # [1, 2, 3, 4, 5]

    # async for calls __aiter__ once, then awaits __anext__ until StopAsyncIteration
    async for item in async_iterable:
        print(item)

asyncio.run(main())
"#;

/// The model: one sleep per item; the call that ends the loop does not sleep.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.int("items") as f64 * (v.get("delay") * 1000.0))
}

/// Python's `StopAsyncIteration`: the end of the sequence, not a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StopAsyncIteration;

/// `class AsyncIterable`: holds the items; `__aiter__` hands out a fresh iterator.
pub struct AsyncIterable {
    pub items: Vec<i64>,
}

impl AsyncIterable {
    /// `__aiter__`.
    pub fn aiter(&self, lp: &Loop, delay: f64) -> AsyncIterator {
        AsyncIterator { lp: lp.clone(), items: self.items.clone(), index: 0, delay }
    }
}

/// `class AsyncIterable.AsyncIterator`: the position in the list.
pub struct AsyncIterator {
    lp: Loop,
    items: Vec<i64>,
    index: usize,
    delay: f64,
}

impl AsyncIterator {
    /// `async def __anext__`: the next item after a sleep, or `StopAsyncIteration` at once.
    pub async fn anext(&mut self) -> Result<i64, StopAsyncIteration> {
        match self.items.get(self.index).copied() {
            Some(result) => {
                self.index += 1;
                asyncio_sleep(&self.lp, self.delay).await;
                Ok(result)
            }
            None => Err(StopAsyncIteration),
        }
    }
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let async_iterable = AsyncIterable { items: (1..=v.int("items") as i64).collect() };
        // What `async for item in async_iterable:` does.
        let mut it = async_iterable.aiter(&lp, v.get("delay"));
        loop {
            match it.anext().await {
                Ok(item) => lp.print(item.to_string()),
                Err(StopAsyncIteration) => break,
            }
        }
        Ok(())
    }
    .boxed_local()
}
