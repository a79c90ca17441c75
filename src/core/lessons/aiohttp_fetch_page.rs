//! # aiohttp-fetch-page: fetching one web page asynchronously
//!
//! One real GET for a sample page of the site (`samples/page1.html` by default), after `latency`
//! seconds of simulated network delay: the whole page is printed, line by line, at one latency.
//! Python's `print(html)` adds a newline after the text, which already ends in one, hence the
//! empty last line. While the request is in flight the loop is free: nothing else runs here, but
//! the timeline shows the task waiting rather than working.

use futures::future::{FutureExt, LocalBoxFuture};

use super::asyncio_gather_fetch::{fetch_text, print_text, sample_url};
use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "aiohttp-fetch-page",
    chapter: Chapter::RealWorld,
    title: Text { en: "Fetching a web page with aiohttp", zh: "用 aiohttp 获取网页" },
    concept: Text {
        en: "aiohttp is an HTTP client built for asyncio: `async with ClientSession()` opens a session, `async with session.get(url)` sends the request and suspends the coroutine until the response headers arrive, and `await response.text()` waits for the body. Every wait is an await, so the event loop can run other tasks meanwhile. In the playground the request is a real one, to a sample page of the site itself; the added latency stands in for a distant server.",
        zh: "aiohttp 是为 asyncio 设计的 HTTP 客户端：`async with ClientSession()` 打开会话，`async with session.get(url)` 发送请求并挂起协程直到响应头到达，`await response.text()` 等待响应体。每次等待都是一个 await，所以事件循环可以在此期间运行其他任务。在本站中请求是真实的，目标是本站自带的示例页面；添加的延迟模拟远方的服务器。",
    },
    expect: Text {
        en: "The whole sample page (its HTML, with the title `Sample page 1`) printed after one latency (0.5 s), then an empty line from print's own newline.",
        zh: "一个延迟（0.5 秒）后打印整个示例页面（HTML，标题为 `Sample page 1`），最后是 print 自带换行产生的空行。",
    },
    params: &[
        Param { name: "page", label: Text { en: "sample page (1–5)", zh: "示例页面（1–5）" }, kind: Kind::Int, default: 1.0, min: 1.0, max: 5.0 },
        Param { name: "latency", label: Text { en: "network latency (s)", zh: "网络延迟（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant {
        key: "",
        label: Text { en: "as published", zh: "原始程序" },
        about: Text { en: "The published program, pointed at a page of this site.", zh: "原始程序，改为请求本站的页面。" },
    }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("aiohttp_fetch_page.rs"),
};

const LISTING: &str = r#"import asyncio
import aiohttp

async def fetch(url):
    async with aiohttp.ClientSession() as session:
        await asyncio.sleep({{latency}})  # network latency, made visible
        async with session.get(url) as response:
            return await response.text()

async def main():
    html = await fetch("samples/page{{page}}.html")  # a page of this site
    print(html)

asyncio.run(main())
"#;

/// The model: one request, one latency.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("latency") * 1000.0)
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let html = fetch_text(lp.clone(), sample_url(v.int("page")), v.get("latency")).await?;
        print_text(&lp, &html);
        Ok(())
    }
    .boxed_local()
}
