//! # wait-for-timeout: `asyncio.wait_for` gives up after a timeout and cancels what it waited for
//!
//! A "long" task needs `work` seconds; `main` waits for it at most `timeout` seconds. With the
//! defaults (5 s of work, a 2 s timeout) `Task started` appears at 0 s and `Task timed out` at
//! exactly 2 s: the run takes the timeout, not the work. The inner task is cancelled at that moment
//! (its bar ends at 2 s with a cancel mark, next to the timeout mark), so `Task completed` never
//! prints. Raise the timeout above the work and the task finishes normally: `Task completed` and
//! `Task result` at `work` seconds. A timeout equal to the work counts as a timeout (the timer was
//! armed first), as in CPython.
//!
//! `wait_for` wraps the coroutine in a task (as Python 3.11 does), so the timeline shows it on its
//! own bar.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{wait_for, Loop};
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "wait-for-timeout",
    chapter: Chapter::TasksTimeouts,
    title: Text { en: "asyncio.wait_for: a deadline for an await", zh: "asyncio.wait_for：给 await 设一个期限" },
    concept: Text {
        en: "asyncio.wait_for(aw, timeout) waits for an awaitable, but no longer than the timeout. If the time runs out first, it cancels the awaitable (so the work really stops, it is not left running in the background) and raises asyncio.TimeoutError in the caller, which can catch it like any exception. If the work finishes in time, wait_for simply returns its result.",
        zh: "asyncio.wait_for(aw, timeout) 等待一个可等待对象，但最多只等 timeout 秒。如果先到时间，它会取消这个可等待对象（工作真正停止，而不是留在后台继续跑），并在调用方抛出 asyncio.TimeoutError，调用方可以像捕获普通异常一样捕获它。如果工作按时完成，wait_for 直接返回它的结果。",
    },
    expect: Text {
        en: "`Task started` at 0 s, `Task timed out` at the timeout (2 s); the task is cancelled then (cancel and timeout marks) and `Task completed` never appears. Total = the timeout. With a timeout longer than the work: `Task completed` and `Task result` at the work time.",
        zh: "`Task started` 在 0 秒出现，`Task timed out` 在超时时刻（2 秒）出现；任务在那一刻被取消（时间线上有取消和超时标记），`Task completed` 不会出现。总耗时等于超时时间。若超时长于工作时间：`Task completed` 和 `Task result` 在工作完成时出现。",
    },
    params: &[
        Param { name: "work", label: Text { en: "work takes (s)", zh: "工作耗时（秒）" }, kind: Kind::Seconds, default: 5.0, min: 0.0, max: 60.0 },
        Param { name: "timeout", label: Text { en: "timeout (s)", zh: "超时（秒）" }, kind: Kind::Seconds, default: 2.0, min: 0.0, max: 60.0 },
    ],
    variants: &[Variant {
        key: "",
        label: Text { en: "as published", zh: "原始程序" },
        about: Text { en: "The published program is correct.", zh: "原始程序是正确的。" },
    }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("wait_for_timeout.rs"),
};

const LISTING: &str = r#"import asyncio

async def long_running_task():
    print("Task started")
    await asyncio.sleep({{work}})  # a long piece of work
    print("Task completed")
    return "Task result"

async def main():
    try:
        result = await asyncio.wait_for(long_running_task(), timeout={{timeout}})
        print(result)
    except asyncio.TimeoutError:
        print("Task timed out")

asyncio.run(main())
"#;

/// Whether the work beats the timeout (a tie goes to the timeout: its timer was armed first).
fn completes(work: f64, timeout: f64) -> bool {
    work < timeout
}

/// The model: the run lasts the work or the timeout, whichever is shorter.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    let (work, timeout) = (v.get("work"), v.get("timeout"));
    Some(if completes(work, timeout) { work } else { timeout } * 1000.0)
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (work, timeout) = (v.get("work"), v.get("timeout"));
        let lp2 = lp.clone();
        let mut task = lp.spawn("long_running_task()", async move {
            lp2.print("Task started");
            lp2.sleep(work).await;
            lp2.print("Task completed");
            "Task result"
        });
        match wait_for(&lp, timeout, &mut task).await {
            Ok(Ok(result)) => lp.print(result),
            Ok(Err(cancelled)) => return Err(cancelled.into()),
            Err(_timeout) => {
                // wait_for cancels the inner task before raising TimeoutError in the caller.
                task.cancel();
                lp.print("Task timed out");
            }
        }
        Ok(())
    }
    .boxed_local()
}
