//! # asyncio-gather-fetch: concurrent HTTP requests with `asyncio.gather`
//!
//! Five real GET requests, for the site's own sample pages `samples/page1.html` … `page5.html`,
//! each after `latency` seconds of simulated network delay. Gathered, the waits overlap:
//! `获取5个页面` appears after one latency (0.5 s), not five, followed by the total number of
//! characters read (the pages really are fetched: the page's `fetch()` in the browser, the files
//! under `www/` natively). The `sequential` variant awaits one request after the other and takes
//! `pages` × latency. On the virtual clock the requests themselves take no time, so the measured
//! time is exactly the latency shape the model predicts.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop};
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-gather-fetch",
    chapter: Chapter::RealWorld,
    title: Text { en: "Concurrent HTTP requests with gather", zh: "用 gather 并发发送 HTTP 请求" },
    concept: Text {
        en: "Most of an HTTP request's time is spent waiting for the network. With aiohttp each request is a coroutine that awaits the response, so asyncio.gather can have all of them in flight at once: the loop sends every request, then handles the responses as they arrive. N requests with the same latency take about one latency instead of N. Here the requests are real: the page fetches the playground's own sample pages, and a sleep before each request stands in for the network delay so the overlap shows on the timeline.",
        zh: "HTTP 请求的大部分时间都花在等待网络上。用 aiohttp 时每个请求都是一个等待响应的协程，所以 asyncio.gather 可以让它们同时在途：循环把所有请求发出去，再在响应到达时逐个处理。N 个延迟相同的请求总共约耗时一个延迟，而不是 N 个。这里的请求是真实的：页面会获取本站自带的示例页面，每个请求前的 sleep 模拟网络延迟，让重叠在时间线上看得见。",
    },
    expect: Text {
        en: "`获取5个页面` and the character count after one latency (0.5 s), not 5 × 0.5 s. The sequential variant takes 2.5 s.",
        zh: "一个延迟（0.5 秒）后出现 `获取5个页面` 和字符总数，而不是 5 × 0.5 秒。sequential 变体需要 2.5 秒。",
    },
    params: &[
        Param { name: "pages", label: Text { en: "pages to fetch", zh: "要获取的页面数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 5.0 },
        Param { name: "latency", label: Text { en: "network latency (s)", zh: "网络延迟（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "gather", zh: "gather" },
            about: Text { en: "All requests in flight at once.", zh: "所有请求同时在途。" },
        },
        Variant {
            key: "sequential",
            label: Text { en: "one after another", zh: "一个接一个" },
            about: Text { en: "Each request is awaited before the next starts: the latencies add up.", zh: "每个请求都等完才开始下一个：延迟会累加。" },
        },
    ],
    listing: |variant| if variant == "sequential" { SEQUENTIAL } else { LISTING },
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_gather_fetch.rs"),
};

const LISTING: &str = r#"import asyncio
import aiohttp

async def fetch(url):
    async with aiohttp.ClientSession() as session:
        await asyncio.sleep({{latency}})  # network latency, made visible
        async with session.get(url) as response:
            return await response.text()

async def main():
    # the playground's own sample pages
    urls = [f"samples/page{i}.html" for i in range(1, {{pages}} + 1)]
    tasks = [fetch(url) for url in urls]
    results = await asyncio.gather(*tasks)
    print(f"获取{len(results)}个页面")
    print(f"共 {sum(len(r) for r in results)} 个字符")

asyncio.run(main())
"#;

const SEQUENTIAL: &str = r#"import asyncio
import aiohttp

async def fetch(url):
    async with aiohttp.ClientSession() as session:
        await asyncio.sleep({{latency}})  # network latency, made visible
        async with session.get(url) as response:
            return await response.text()

async def main():
    urls = [f"samples/page{i}.html" for i in range(1, {{pages}} + 1)]
    results = []
    for url in urls:
        results.append(await fetch(url))  # waits for each before the next
    print(f"获取{len(results)}个页面")
    print(f"共 {sum(len(r) for r in results)} 个字符")

asyncio.run(main())
"#;

/// The model: gathered requests wait together (one latency); sequential ones add up.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    let latency = v.get("latency") * 1000.0;
    Some(if variant == "sequential" { v.int("pages") as f64 * latency } else { latency })
}

/// The URL of sample page `i` (1-based), relative to the site.
pub(super) fn sample_url(i: usize) -> String {
    format!("samples/page{i}.html")
}

/// `fetch(url)` with a session of its own: the simulated latency, then a real GET; the body's text.
pub(super) async fn fetch_text(lp: Loop, url: String, latency: f64) -> Result<String, RunError> {
    lp.sleep(latency).await;
    Ok(lp.fetch(&url).await?.text)
}

/// `print(text)`: Python writes the text and a newline, so a text of several lines (or one ending in
/// a newline) shows as that many lines.
pub(super) fn print_text(lp: &Loop, text: &str) {
    for line in text.split('\n') {
        lp.print(line);
    }
}

/// Awaits gathered fetches: results in URL order, the first exception re-raised.
pub(super) async fn gather_texts(tasks: Vec<crate::core::event_loop::TaskHandle<Result<String, RunError>>>) -> Result<Vec<String>, RunError> {
    let mut out = Vec::new();
    for r in gather(tasks).await {
        out.push(r??);
    }
    Ok(out)
}

fn main(lp: Loop, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let latency = v.get("latency");
        let urls: Vec<String> = (1..=v.int("pages")).map(sample_url).collect();
        let results = if variant == "sequential" {
            let mut results = Vec::new();
            for url in urls {
                results.push(fetch_text(lp.clone(), url, latency).await?);
            }
            results
        } else {
            let tasks = urls.into_iter().map(|url| lp.spawn(format!("fetch({url})"), fetch_text(lp.clone(), url, latency))).collect();
            gather_texts(tasks).await?
        };
        lp.print(format!("获取{}个页面", results.len()));
        lp.print(format!("共 {} 个字符", results.iter().map(|r| r.chars().count()).sum::<usize>()));
        Ok(())
    }
    .boxed_local()
}
