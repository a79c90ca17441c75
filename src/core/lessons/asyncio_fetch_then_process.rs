//! # asyncio-fetch-then-process: two gather phases, one after the other
//!
//! Three simulated fetches (0.5, 0.3 and 0.7 s) are gathered: they finish in the order of their
//! delays, api2, api1, api3, at 0.3, 0.5 and 0.7 s. Only when the slowest is done does the second
//! phase start: three processing steps of 0.1 s, gathered too, so they all end at 0.8 s. Each phase
//! lasts its slowest member; the phases themselves add up: max(fetch) + process.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop};
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-fetch-then-process",
    chapter: Chapter::Coroutines,
    title: Text { en: "Fetch all, then process all: two gathers in a row", zh: "先全部获取，再全部处理：连续两次 gather" },
    concept: Text {
        en: "A pipeline can be built from gathers in sequence. The first gather runs every fetch at once and waits for the slowest; its results, in argument order, feed the second gather, which processes them all at once. Inside a phase the waits overlap; between phases they do not, because the second gather cannot start before the first returns.",
        zh: "可以用先后几次 gather 搭成流水线。第一次 gather 同时执行所有获取并等待最慢的那个；它按参数顺序返回的结果交给第二次 gather，同时处理全部数据。同一阶段内的等待相互重叠；阶段之间则不重叠，因为第一次 gather 返回前第二次无法开始。",
    },
    expect: Text {
        en: "Three `开始获取` at 0 s; `完成获取` for api2, api1, api3 at 0.3, 0.5, 0.7 s; three `处理数据` at 0.7 s in URL order; the final list at 0.8 s. Total = the slowest fetch + one processing step.",
        zh: "0 秒三行 `开始获取`；api2、api1、api3 依次在 0.3、0.5、0.7 秒 `完成获取`；0.7 秒按 URL 顺序三行 `处理数据`；0.8 秒打印最终结果。总耗时 = 最慢的获取 + 一次处理。",
    },
    params: &[
        Param { name: "api1", label: Text { en: "api1 fetch (s)", zh: "api1 获取（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 60.0 },
        Param { name: "api2", label: Text { en: "api2 fetch (s)", zh: "api2 获取（秒）" }, kind: Kind::Seconds, default: 0.3, min: 0.0, max: 60.0 },
        Param { name: "api3", label: Text { en: "api3 fetch (s)", zh: "api3 获取（秒）" }, kind: Kind::Seconds, default: 0.7, min: 0.0, max: 60.0 },
        Param { name: "process", label: Text { en: "processing (s)", zh: "处理（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_fetch_then_process.rs"),
};

const LISTING: &str = r#"import asyncio

def async_io_example():
    """异步I/O示例"""

    print("=== 异步I/O示例 ===")

    async def fetch_data(url, delay):
        """模拟异步数据获取"""
        print(f"开始获取 {url}")
        await asyncio.sleep(delay)
        print(f"完成获取 {url}")
        return f"来自 {url} 的数据"

    async def process_data(data):
        """处理数据"""
        print(f"处理数据: {data}")
        await asyncio.sleep({{process}})
        return f"处理后的 {data}"

    async def main():
        """主函数"""
        # 模拟多个URL
        urls = [
            ("http://api1.com", {{api1}}),
            ("http://api2.com", {{api2}}),
            ("http://api3.com", {{api3}}),
        ]

        # 并发获取数据
        fetch_tasks = [
            fetch_data(url, delay)
            for url, delay in urls
        ]
        raw_data = await asyncio.gather(*fetch_tasks)

        # 并发处理数据
        process_tasks = [
            process_data(data)
            for data in raw_data
        ]
        processed_data = await asyncio.gather(*process_tasks)

        print(f"最终结果: {processed_data}")

    # 运行异步程序
    asyncio.run(main())

async_io_example()
"#;

const APIS: [&str; 3] = ["api1", "api2", "api3"];

/// The model: phase one lasts the slowest fetch, phase two one processing step.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    let slowest = APIS.iter().map(|a| v.get(a) * 1000.0).fold(0.0, f64::max);
    Some(slowest + v.get("process") * 1000.0)
}

/// Python's `repr` of a list of strings without quotes or backslashes inside: `['a', 'b']`.
fn repr_list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    format!("[{}]", inner.join(", "))
}

async fn fetch_data(lp: Loop, url: String, delay: f64) -> String {
    lp.print(format!("开始获取 {url}"));
    asyncio_sleep(&lp, delay).await;
    lp.print(format!("完成获取 {url}"));
    format!("来自 {url} 的数据")
}

async fn process_data(lp: Loop, data: String, secs: f64) -> String {
    lp.print(format!("处理数据: {data}"));
    asyncio_sleep(&lp, secs).await;
    format!("处理后的 {data}")
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        lp.print("=== 异步I/O示例 ===");
        let urls: Vec<(String, f64)> = APIS.iter().map(|a| (format!("http://{a}.com"), v.get(a))).collect();

        let fetch_tasks = urls.into_iter().map(|(url, delay)| lp.spawn(format!("fetch_data({url})"), fetch_data(lp.clone(), url, delay))).collect();
        let mut raw_data = Vec::new();
        for r in gather(fetch_tasks).await {
            raw_data.push(r?);
        }

        let process = v.get("process");
        let process_tasks = raw_data
            .into_iter()
            .enumerate()
            .map(|(i, data)| lp.spawn(format!("process_data({})", i + 1), process_data(lp.clone(), data, process)))
            .collect();
        let mut processed_data = Vec::new();
        for r in gather(process_tasks).await {
            processed_data.push(r?);
        }

        lp.print(format!("最终结果: {}", repr_list(&processed_data)));
        Ok(())
    }
    .boxed_local()
}
