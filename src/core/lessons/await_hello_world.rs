//! # await-hello-world: `async def` makes a coroutine function, `await` runs the coroutine
//!
//! Calling `hello_world()` does not run its body: it returns a coroutine object. `await` inside
//! another coroutine runs that object to the end, in the same task, before the next line. Expect
//! one line, `Hello, world!`, at 0 s, printed by the `main` task itself (no new task is created).
//! The published example is a fragment: it defines both coroutines but never starts a loop, so as
//! written it prints nothing; the corrected listing adds `import asyncio` and `asyncio.run(main())`.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Lesson, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "await-hello-world",
    chapter: Chapter::Coroutines,
    title: Text { en: "async def and await: running a coroutine", zh: "async def 与 await：运行一个协程" },
    concept: Text {
        en: "A function defined with `async def` is a coroutine function: calling it only builds a coroutine object, and none of its body runs yet. Something has to drive that object. Inside another coroutine, `await hello_world()` does it: the caller pauses on that line, the body runs to its end, and only then does the caller go on. At the top level, `asyncio.run()` starts an event loop and drives the outermost coroutine.",
        zh: "用 `async def` 定义的函数是协程函数：调用它只会得到一个协程对象，函数体一行也没有执行。必须有东西来驱动这个对象。在另一个协程里，`await hello_world()` 就起这个作用：调用方停在这一行，被等待的函数体执行到结束，调用方才继续往下走。在最外层，由 `asyncio.run()` 启动事件循环并驱动最外面的协程。",
    },
    expect: Text {
        en: "`Hello, world!` at 0 s, printed by main itself: awaiting a coroutine does not create a task. The published snippet is only a fragment (no `import asyncio`, no `asyncio.run(main())`), so as written it defines two functions and prints nothing; the listing here completes it.",
        zh: "0 秒时打印 `Hello, world!`，由 main 自己打印：await 一个协程并不会创建任务。原文只是片段（没有 `import asyncio`，也没有 `asyncio.run(main())`），照原样运行只定义了两个函数，什么也不打印；这里的代码把它补全了。",
    },
    params: &[],
    variants: &[Variant {
        key: "",
        label: Text { en: "completed program", zh: "补全后的程序" },
        about: Text { en: "The fragment with the missing import and asyncio.run(main()) added.", zh: "在片段基础上补上缺少的 import 和 asyncio.run(main())。" },
    }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("await_hello_world.rs"),
};

const LISTING: &str = r#"import asyncio  # added: the fragment never imported it

async def hello_world():
    print("Hello, world!")

async def main():
    await hello_world()  # runs the coroutine to its end, in this task

asyncio.run(main())  # added: without it nothing runs
"#;

/// The model: nothing waits, so the run ends at the instant it starts.
fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(0.0)
}

/// `async def hello_world()`: calling it builds a future (the coroutine object) and runs nothing.
async fn hello_world(lp: Loop) {
    lp.print("Hello, world!");
}

fn main(lp: Loop, _v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        // `await hello_world()`: driven inline by the main task, no task of its own.
        hello_world(lp.clone()).await;
        Ok(())
    }
    .boxed_local()
}
