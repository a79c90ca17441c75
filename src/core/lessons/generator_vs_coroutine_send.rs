//! # generator-vs-coroutine-send: the old generator-based coroutine, next() and send()
//!
//! `old_coroutine()` is a generator that receives as well as gives: `next(c)` runs it to the first
//! bare `yield` (priming), `c.send(5)` resumes it with `x = 5` and runs to `yield x + 1`, whose value
//! `send` returns. Expect a single line, `6` (the value sent plus one), at 0 s; no event loop time
//! passes. The published example uses `asyncio.sleep` in `new_coroutine` without `import asyncio`:
//! a latent NameError (it would only fire if that coroutine ran), fixed here by the import.
//!
//! The generator's frame is written as the state machine Python keeps for it: where it is paused,
//! and what `next()` and `send()` do from each state, including the errors Python raises.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "generator-vs-coroutine-send",
    chapter: Chapter::Coroutines,
    title: Text { en: "Generators vs coroutines: next() and send()", zh: "生成器与协程：next() 与 send()" },
    concept: Text {
        en: "A generator pauses at each `yield` and hands a value out: data flows one way. Before async/await, coroutines were generators used both ways: `x = yield` pauses and waits for a value, which the caller supplies with `send()`. The generator must first be advanced to that `yield` with `next()` (priming); `send(v)` then resumes it with `v` and returns whatever it yields next. `async def` coroutines grew out of this design but are driven by an event loop instead of by hand.",
        zh: "生成器在每个 `yield` 处暂停并交出一个值：数据单向流动。在 async/await 出现之前，协程就是双向使用的生成器：`x = yield` 暂停并等待一个值，由调用方通过 `send()` 提供。必须先用 `next()` 把生成器推进到这个 `yield`（预激）；之后 `send(v)` 带着 `v` 恢复它，并返回它下一次 yield 的值。`async def` 协程由这一设计发展而来，但由事件循环而不是手工驱动。",
    },
    expect: Text {
        en: "One line: `6` (5 sent in, plus one), at 0 s. The published snippet calls asyncio.sleep without `import asyncio`; it never fails there because new_coroutine is never run, but the corrected listing adds the import.",
        zh: "只有一行：`6`（送入 5，加一），在 0 秒。原文在没有 `import asyncio` 的情况下调用了 asyncio.sleep；由于 new_coroutine 从未运行，这里不会报错，但修正后的代码补上了这个 import。",
    },
    params: &[Param { name: "sent", label: Text { en: "value sent", zh: "送入的值" }, kind: Kind::Int, default: 5.0, min: -1_000_000.0, max: 1_000_000.0 }],
    variants: &[Variant {
        key: "",
        label: Text { en: "corrected (import added)", zh: "修正版（补上 import）" },
        about: Text { en: "The published code with the missing `import asyncio` added.", zh: "在原文基础上补上缺少的 `import asyncio`。" },
    }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("generator_vs_coroutine_send.rs"),
};

const LISTING: &str = r#"import asyncio  # added: new_coroutine uses asyncio.sleep

# a generator
def gen():
    yield 1
    yield 2

# a coroutine in the old style, built on a generator
def old_coroutine():
    x = yield
    yield x + 1

c = old_coroutine()
next(c)  # prime it: run to the first yield
print(c.send({{sent}}))  # x = the value sent; prints it plus one

# a coroutine in the new style
async def new_coroutine():
    await asyncio.sleep(1)
    return "完成"
"#;

/// The model: nothing waits; the whole program runs at 0 s.
fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(0.0)
}

/// Where the frame of `old_coroutine()` is paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OldCoroutine {
    /// Created, not started: the body has not run at all.
    Created,
    /// Paused at `x = yield`, waiting for a value.
    AtReceive,
    /// Paused at `yield x + 1`.
    AtReply,
    /// Returned (or closed): further calls raise StopIteration.
    Finished,
}

impl OldCoroutine {
    /// `next(c)`, which is `c.send(None)`.
    pub fn next(&mut self) -> Result<Option<i64>, RunError> {
        self.send(None)
    }

    /// `c.send(value)`: resumes the frame with `value` as the result of the paused `yield` and
    /// returns the value of the next `yield` it reaches.
    pub fn send(&mut self, value: Option<i64>) -> Result<Option<i64>, RunError> {
        match *self {
            OldCoroutine::Created => {
                if value.is_some() {
                    return Err(RunError::py("TypeError", "can't send non-None value to a just-started generator"));
                }
                // Run from the top to `x = yield`, which yields None.
                *self = OldCoroutine::AtReceive;
                Ok(None)
            }
            OldCoroutine::AtReceive => match value {
                // `x = yield` receives the value; `yield x + 1` hands the answer out.
                Some(x) => {
                    *self = OldCoroutine::AtReply;
                    Ok(Some(x + 1))
                }
                // x is None, so `x + 1` raises, and the generator is finished.
                None => {
                    *self = OldCoroutine::Finished;
                    Err(RunError::py("TypeError", "unsupported operand type(s) for +: 'NoneType' and 'int'"))
                }
            },
            OldCoroutine::AtReply | OldCoroutine::Finished => {
                // After the last yield the body returns: StopIteration, and it stays finished.
                *self = OldCoroutine::Finished;
                Err(RunError::py("StopIteration", ""))
            }
        }
    }
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let sent = v.get("sent") as i64;
        let mut c = OldCoroutine::Created;
        c.next()?;
        match c.send(Some(sent))? {
            Some(n) => lp.print(n.to_string()),
            None => lp.print("None"),
        }
        Ok(())
    }
    .boxed_local()
}
