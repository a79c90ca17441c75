//! # scratch: a program of the learner's own
//!
//! What `?code=<program>` opens when it names no lesson, and `?lesson=scratch` without a program:
//! an editor with a small asyncio program to start from, run on the interpreter like any lesson's
//! listing. It is in no chapter and has no model: the program is whatever the learner makes it.

use crate::core::lesson::{no_check, Chapter, Engine, Env, Lesson, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "scratch",
    chapter: Chapter::Coroutines,
    title: Text { en: "Your own program", zh: "你自己的程序" },
    concept: Text {
        en: "Any program of the concurrency subset of Python runs here on the playground's interpreter: asyncio on your browser's own event loop, with its tasks on the timeline. Threads and processes are not there yet.",
        zh: "这里可以运行 Python 并发子集中的任何程序，由本站的解释器执行：asyncio 跑在你浏览器自己的事件循环上，各个任务显示在时间线上。线程和进程暂不支持。",
    },
    expect: Text {
        en: "What the program prints, when it prints it, and which task ran when. Share puts the program in a link.",
        zh: "程序打印的内容、打印的时间，以及每个任务何时运行。“分享”会把程序放进链接里。",
    },
    params: &[],
    variants: &[Variant { key: "", label: Text { en: "your program", zh: "你的程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Python,
    predict,
    check: no_check,
    source: lesson_source!("scratch.rs"),
};

const LISTING: &str = r#"import asyncio

async def worker(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} done after {delay} s")

async def main():
    await asyncio.gather(worker("A", 1), worker("B", 0.5))

asyncio.run(main())
"#;

/// No model: the program is the learner's.
fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    None
}
