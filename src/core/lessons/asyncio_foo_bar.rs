//! # asyncio-foo-bar: two tasks created up front run at the same time
//!
//! `main()` creates both tasks before awaiting either, so `Foo` and `Bar` are printed at 0 s, one
//! after the other, as the loop starts them. `End Foo` comes after foo's sleep (1 s), `End Bar` after
//! bar's (2 s), and the run takes the longer of the two, not their sum: while main awaits `task1`,
//! `task2` is already sleeping. Make foo the slower one and `End Bar` is printed first, although
//! main still awaits task1 before task2.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-foo-bar",
    chapter: Chapter::TasksTimeouts,
    title: Text { en: "Foo and Bar: two tasks at once", zh: "Foo 与 Bar：两个任务同时运行" },
    concept: Text {
        en: "`asyncio.create_task()` hands a coroutine to the loop straight away. Create two tasks, then await them one by one: by the time main waits on the first, the second has already started, so their sleeps overlap. Awaiting a task only decides when main continues; it does not decide when the task runs.",
        zh: "`asyncio.create_task()` 立刻把协程交给循环。先创建两个任务，再逐个 await：main 等第一个的时候，第二个早已开始，所以两段睡眠是重叠的。await 一个任务只决定 main 何时继续，并不决定这个任务何时运行。",
    },
    expect: Text {
        en: "`Foo` and `Bar` at 0 s; `End Foo` at 1 s; `End Bar` at 2 s; total = the longer sleep (2 s), not 3 s.",
        zh: "0 秒打印 `Foo` 和 `Bar`；1 秒打印 `End Foo`；2 秒打印 `End Bar`；总耗时等于较长的睡眠（2 秒），而不是 3 秒。",
    },
    params: &[
        Param { name: "foo_delay", label: Text { en: "foo sleeps (s)", zh: "foo 睡眠（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 60.0 },
        Param { name: "bar_delay", label: Text { en: "bar sleeps (s)", zh: "bar 睡眠（秒）" }, kind: Kind::Seconds, default: 2.0, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_foo_bar.rs"),
};

const LISTING: &str = r#"import asyncio

async def foo():
    print('Foo')
    await asyncio.sleep({{foo_delay}})
    print('End Foo')

async def bar():
    print('Bar')
    await asyncio.sleep({{bar_delay}})
    print('End Bar')

async def main():
    task1 = asyncio.create_task(foo())
    task2 = asyncio.create_task(bar())

    await task1
    await task2

asyncio.run(main())
"#;

/// The model: both sleeps start at 0 s and overlap, so the run lasts the longer one.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some((v.get("foo_delay") * 1000.0).max(v.get("bar_delay") * 1000.0))
}

async fn foo(lp: Loop, delay: f64) {
    lp.print("Foo");
    asyncio_sleep(&lp, delay).await;
    lp.print("End Foo");
}

async fn bar(lp: Loop, delay: f64) {
    lp.print("Bar");
    asyncio_sleep(&lp, delay).await;
    lp.print("End Bar");
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let task1 = lp.spawn("foo()", foo(lp.clone(), v.get("foo_delay")));
        let task2 = lp.spawn("bar()", bar(lp.clone(), v.get("bar_delay")));
        task1.await?;
        task2.await?;
        Ok(())
    }
    .boxed_local()
}
