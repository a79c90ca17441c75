//! # asyncio-gather-durations: gather tasks of different lengths
//!
//! Task i (1 to 5) sleeps i × 0.1 s. gather starts them all at 0 s, so they finish one step apart:
//! `任务 1 完成` at 0.1 s, … `任务 5 完成` at 0.5 s. The run takes the longest task (0.5 s), not the
//! sum (1.5 s), and the result list is in task order.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop};
use super::asyncio_sleep;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-gather-durations",
    chapter: Chapter::Coroutines,
    title: Text { en: "gather: tasks of different lengths", zh: "gather：时长不同的任务" },
    concept: Text {
        en: "When gathered coroutines wait for different times, they still all start together and each finishes when its own wait is over. The whole gather lasts as long as the slowest one. The completion lines come out in the order the timers expire, while the returned list keeps the order of the arguments.",
        zh: "gather 的协程等待时间各不相同时，它们仍然同时开始，各自在自己的等待结束时完成。整个 gather 持续的时间等于最慢的那个。完成的打印顺序取决于定时器到期的先后，而返回的列表保持参数的顺序。",
    },
    expect: Text {
        en: "Five `开始` lines at 0 s; `任务 i 完成` at i × 0.1 s; the result list at 0.5 s. Total = tasks × step (the longest task).",
        zh: "0 秒打印五行 `开始`；`任务 i 完成` 出现在 i × 0.1 秒；结果列表在 0.5 秒打印。总耗时 = 任务数 × 步长（最长的那个任务）。",
    },
    params: &[
        Param { name: "tasks", label: Text { en: "tasks", zh: "任务数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 1000.0 },
        Param { name: "step", label: Text { en: "extra sleep per task (s)", zh: "每个任务递增的睡眠（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_gather_durations.rs"),
};

const LISTING: &str = r#"import asyncio

def asyncio_basics():
    """asyncio基础示例"""

    print("=== asyncio基础示例 ===")

    async def async_task(task_id, duration):
        """异步任务"""
        print(f"任务 {task_id} 开始")
        await asyncio.sleep(duration)
        print(f"任务 {task_id} 完成")
        return f"任务 {task_id} 结果"

    async def main():
        """主函数"""
        # 创建多个异步任务
        tasks = [
            async_task(i, i * {{step}})
            for i in range(1, {{tasks}} + 1)
        ]

        # 并发执行任务
        results = await asyncio.gather(*tasks)
        print(f"所有任务结果: {results}")

    # 运行异步程序
    asyncio.run(main())

asyncio_basics()
"#;

/// Task `i` sleeps `i × step` seconds, computed as Python does.
pub fn duration(i: usize, step: f64) -> f64 {
    i as f64 * step
}

/// The model: all sleeps start at 0 s; the run lasts the longest one, the last task's.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(duration(v.int("tasks"), v.get("step")) * 1000.0)
}

/// Python's `repr` of a list of strings without quotes or backslashes inside: `['a', 'b']`.
fn repr_list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    format!("[{}]", inner.join(", "))
}

async fn async_task(lp: Loop, task_id: usize, duration: f64) -> String {
    lp.print(format!("任务 {task_id} 开始"));
    asyncio_sleep(&lp, duration).await;
    lp.print(format!("任务 {task_id} 完成"));
    format!("任务 {task_id} 结果")
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        // asyncio_basics() prints its header before asyncio.run starts the loop.
        lp.print("=== asyncio基础示例 ===");
        let step = v.get("step");
        // gather(*coros) wraps each coroutine in a task, in argument order.
        let tasks = (1..=v.int("tasks"))
            .map(|i| lp.spawn(format!("async_task({i})"), async_task(lp.clone(), i, duration(i, step))))
            .collect();
        let mut results = Vec::new();
        for r in gather(tasks).await {
            results.push(r?);
        }
        lp.print(format!("所有任务结果: {}", repr_list(&results)));
        Ok(())
    }
    .boxed_local()
}
