//! # asyncio-run-fetch-process: `asyncio.run` as the entry point; sequential awaits add up
//!
//! `main()` awaits `fetch_data()` and then `process_data()`. Each `await` of a coroutine finishes
//! before the next line runs, so nothing overlaps: `Data fetched` at 2 s, `Processing data...` right
//! after, `Data processed` at 3 s. The run takes fetch + process (3 s by default). `asyncio.run`
//! creates the loop, runs `main()` to its end and closes the loop.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-run-fetch-process",
    chapter: Chapter::Coroutines,
    title: Text { en: "asyncio.run: one entry point, steps in sequence", zh: "asyncio.run：一个入口，按顺序执行" },
    concept: Text {
        en: "`asyncio.run(main())` is the usual entry point of an asyncio program: it makes a new event loop, runs `main()` until it returns, cancels whatever is left and closes the loop. Inside, awaiting coroutines one after another is plain sequential code: the second step starts only when the first has returned its value. Concurrency only appears when tasks are created.",
        zh: "`asyncio.run(main())` 是 asyncio 程序常用的入口：它新建事件循环，运行 `main()` 直到返回，取消剩下的任务并关闭循环。在 main 里依次 await 协程就是普通的顺序代码：第一步返回结果之后第二步才开始。只有创建任务时才会出现并发。",
    },
    expect: Text {
        en: "`Fetching data...` at 0 s; `Data fetched` and `Received data: Some data` and `Processing data...` at 2 s; `Data processed` at 3 s. Total = fetch + process, the two waits do not overlap.",
        zh: "0 秒 `Fetching data...`；2 秒 `Data fetched`、`Received data: Some data`、`Processing data...`；3 秒 `Data processed`。总耗时 = 获取 + 处理，两段等待并不重叠。",
    },
    params: &[
        Param { name: "fetch", label: Text { en: "fetch takes (s)", zh: "获取耗时（秒）" }, kind: Kind::Seconds, default: 2.0, min: 0.0, max: 60.0 },
        Param { name: "process", label: Text { en: "processing takes (s)", zh: "处理耗时（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_run_fetch_process.rs"),
};

const LISTING: &str = r#"import asyncio

async def fetch_data():
    print("Fetching data...")
    await asyncio.sleep({{fetch}})  # stands in for asynchronous I/O
    print("Data fetched")
    return "Some data"

async def process_data():
    print("Processing data...")
    await asyncio.sleep({{process}})  # stands in for processing
    print("Data processed")

async def main():
    # fetch the data
    data = await fetch_data()
    print(f"Received data: {data}")

    # process it
    await process_data()

# asyncio.run() is the program's entry point
if __name__ == "__main__":
    asyncio.run(main())
"#;

/// The model: the two awaits run one after the other, so their times add up.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("fetch") * 1000.0 + v.get("process") * 1000.0)
}

async fn fetch_data(lp: &Loop, secs: f64) -> &'static str {
    lp.print("Fetching data...");
    asyncio_sleep(lp, secs).await;
    lp.print("Data fetched");
    "Some data"
}

async fn process_data(lp: &Loop, secs: f64) {
    lp.print("Processing data...");
    asyncio_sleep(lp, secs).await;
    lp.print("Data processed");
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let data = fetch_data(&lp, v.get("fetch")).await;
        lp.print(format!("Received data: {data}"));
        process_data(&lp, v.get("process")).await;
        Ok(())
    }
    .boxed_local()
}
