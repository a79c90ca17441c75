//! # aiohttp-create-task-3urls: a task per URL, then gather
//!
//! Each URL (sample pages 1, 2, 3 of the site) gets its own task with `asyncio.create_task` as soon
//! as the list is built, so all requests are in flight before `gather` is even called. Each waits
//! `latency` seconds of simulated network delay, then really GETs the page. All the pages are
//! printed whole, in URL order, after one latency; print adds an empty line after each page.

use futures::future::{FutureExt, LocalBoxFuture};

use super::asyncio_gather_fetch::{fetch_text, gather_texts, print_text, sample_url};
use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "aiohttp-create-task-3urls",
    chapter: Chapter::RealWorld,
    title: Text { en: "A task per URL with create_task", zh: "用 create_task 为每个 URL 建一个任务" },
    concept: Text {
        en: "asyncio.create_task schedules a coroutine right away: the request starts on the loop's next turn, whether or not anyone awaits it yet. Creating one task per URL and then gathering the tasks gives the same overlap as gathering the coroutines directly, but the tasks exist (and can be inspected or cancelled) before the gather. The results still come back in the order of the list.",
        zh: "asyncio.create_task 会立即调度协程：请求在循环的下一轮就开始，不管有没有人在等待它。先为每个 URL 创建任务再 gather 这些任务，和直接 gather 协程一样能让等待重叠，但任务在 gather 之前就已存在（可以查看或取消）。结果仍按列表顺序返回。",
    },
    expect: Text {
        en: "Sample pages 1, 2 and 3, each printed whole in that order (title `Sample page N`), all after one latency (0.5 s).",
        zh: "一个延迟（0.5 秒）后，按顺序完整打印示例页面 1、2、3（标题为 `Sample page N`）。",
    },
    params: &[
        Param { name: "pages", label: Text { en: "pages (1–5)", zh: "页面数（1–5）" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 5.0 },
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
    source: lesson_source!("aiohttp_create_task_3urls.rs"),
};

const LISTING: &str = r#"import asyncio
import aiohttp

async def fetch(url):
    async with aiohttp.ClientSession() as session:
        await asyncio.sleep({{latency}})  # network latency, made visible
        async with session.get(url) as response:
            return await response.text()

async def main():
    # pages of this site
    urls = [f"samples/page{i}.html" for i in range(1, {{pages}} + 1)]
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    results = await asyncio.gather(*tasks)
    for result in results:
        print(result)

asyncio.run(main())
"#;

/// The model: every task is in flight at once, one latency.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("latency") * 1000.0)
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let latency = v.get("latency");
        let tasks = (1..=v.int("pages"))
            .map(|i| {
                let url = sample_url(i);
                lp.spawn(format!("fetch({url})"), fetch_text(lp.clone(), url, latency))
            })
            .collect();
        for result in gather_texts(tasks).await? {
            print_text(&lp, &result);
        }
        Ok(())
    }
    .boxed_local()
}
