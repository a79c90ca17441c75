//! # aiohttp-session-gather: one session, several requests at once, the first 100 characters each
//!
//! One `ClientSession` is shared by `pages` concurrent requests (sample pages 1, 2, 3 of the site,
//! after `latency` seconds of simulated network delay each). `gather` returns the bodies in URL
//! order, and `main` prints the first `chars` characters of each (Python slices characters, not
//! bytes): all of it at one latency, in the order of the URL list.

use futures::future::{FutureExt, LocalBoxFuture};

use super::asyncio_gather_fetch::{fetch_text, gather_texts, print_text, sample_url};
use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "aiohttp-session-gather",
    chapter: Chapter::RealWorld,
    title: Text { en: "One aiohttp session, many requests", zh: "一个 aiohttp 会话，多个请求" },
    concept: Text {
        en: "A ClientSession holds a pool of connections and is meant to be shared: open one, pass it to every fetch, and the requests reuse its connections instead of setting up a new one each time. The fetches are still separate coroutines, so asyncio.gather runs them together and returns their bodies in the order of the URL list, whichever answered first. response[:100] slices the text by characters.",
        zh: "ClientSession 持有一个连接池，本来就是用来共享的：打开一个，传给每次 fetch，请求会复用它的连接，而不是每次都新建。每次 fetch 仍是独立的协程，所以 asyncio.gather 让它们一起运行，并按 URL 列表的顺序返回响应体，不管谁先响应。response[:100] 按字符切片。",
    },
    expect: Text {
        en: "The first 100 characters of sample pages 1, 2 and 3, in that order, all after one latency (0.5 s).",
        zh: "一个延迟（0.5 秒）后，按顺序打印示例页面 1、2、3 的前 100 个字符。",
    },
    params: &[
        Param { name: "pages", label: Text { en: "pages (1–5)", zh: "页面数（1–5）" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 5.0 },
        Param { name: "chars", label: Text { en: "characters printed", zh: "打印的字符数" }, kind: Kind::Int, default: 100.0, min: 0.0, max: 100_000.0 },
        Param { name: "latency", label: Text { en: "network latency (s)", zh: "网络延迟（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant {
        key: "",
        label: Text { en: "as published", zh: "原始程序" },
        about: Text { en: "The published program, pointed at pages of this site.", zh: "原始程序，改为请求本站的页面。" },
    }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("aiohttp_session_gather.rs"),
};

const LISTING: &str = r#"import asyncio
import aiohttp

async def fetch(session, url):
    await asyncio.sleep({{latency}})  # network latency, made visible
    async with session.get(url) as response:
        return await response.text()

async def main():
    # pages of this site
    urls = [f"samples/page{i}.html" for i in range(1, {{pages}} + 1)]

    async with aiohttp.ClientSession() as session:
        tasks = [fetch(session, url) for url in urls]
        responses = await asyncio.gather(*tasks)

        for response in responses:
            print(response[:{{chars}}])  # the first characters of each

asyncio.run(main())
"#;

/// The model: the requests wait together, one latency.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("latency") * 1000.0)
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (latency, chars) = (v.get("latency"), v.int("chars"));
        let tasks = (1..=v.int("pages"))
            .map(|i| {
                let url = sample_url(i);
                lp.spawn(format!("fetch(session, {url})"), fetch_text(lp.clone(), url, latency))
            })
            .collect();
        for response in gather_texts(tasks).await? {
            let head: String = response.chars().take(chars).collect();
            print_text(&lp, &head);
        }
        Ok(())
    }
    .boxed_local()
}
