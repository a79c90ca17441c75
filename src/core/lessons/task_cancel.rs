//! # task-cancel: `Task.cancel()` raises CancelledError inside the task, and awaiting it re-raises
//!
//! `main` starts a task that would sleep `work` seconds, waits `after` seconds, and cancels it.
//! With the defaults (10 s of work, cancel after 2 s) both `Task was cancelled` (the task's own
//! `except` block) and `Main: Task was cancelled` (main, awaiting the cancelled task) appear at
//! exactly 2 s, with a cancel mark on the timeline; the run ends at 2 s instead of 10. If the work
//! is shorter than the wait, the task completes first, `cancel()` does nothing, and awaiting it
//! returns its result. A tie goes to the cancel: main's timer was armed first.
//!
//! As in asyncio, `cancel()` only requests the cancellation: the task is queued, and its next step
//! drops its coroutine at the await where it is suspended. The task's `except
//! asyncio.CancelledError` block is the destructor of a guard that lives across that await, so it
//! runs in that step, on the task's own lane, after the rest of main's step and before main, which
//! awaits the task, resumes.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::Loop;
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "task-cancel",
    chapter: Chapter::TasksTimeouts,
    title: Text { en: "Cancelling a task", zh: "取消一个任务" },
    concept: Text {
        en: "task.cancel() asks a task to stop: at the await where the task is suspended, asyncio.CancelledError is raised inside it. The task may catch it to clean up, but should re-raise it so that it really ends as cancelled. Whoever then awaits the task gets the CancelledError too, and can catch it. Cancelling a task that has already finished does nothing.",
        zh: "task.cancel() 请求任务停止：在任务挂起的那个 await 处，任务内部会抛出 asyncio.CancelledError。任务可以捕获它来做清理，但应该重新抛出，让任务真正以“已取消”结束。之后等待这个任务的代码也会收到 CancelledError，并可以捕获它。取消一个已经完成的任务什么也不会发生。",
    },
    expect: Text {
        en: "`Task started` at 0 s; `Task was cancelled` then `Main: Task was cancelled` at 2 s, with a cancel mark; total 2 s, not 10. With work shorter than the wait: `Task completed` at the work time, no cancel.",
        zh: "`Task started` 在 0 秒；2 秒时先出现 `Task was cancelled`，再出现 `Main: Task was cancelled`，并有取消标记；总耗时 2 秒而不是 10 秒。若工作时间短于等待时间：`Task completed` 在工作完成时出现，不会取消。",
    },
    params: &[
        Param { name: "work", label: Text { en: "task's work (s)", zh: "任务工作时间（秒）" }, kind: Kind::Seconds, default: 10.0, min: 0.0, max: 60.0 },
        Param { name: "after", label: Text { en: "cancel after (s)", zh: "多久后取消（秒）" }, kind: Kind::Seconds, default: 2.0, min: 0.1, max: 60.0 },
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
    source: lesson_source!("task_cancel.rs"),
};

const LISTING: &str = r#"import asyncio

async def long_running_task():
    try:
        print("Task started")
        await asyncio.sleep({{work}})  # a long piece of work
    except asyncio.CancelledError:
        print("Task was cancelled")
        raise  # let the task end as cancelled
    else:
        print("Task completed")
        return "Task result"

async def main():
    task = asyncio.create_task(long_running_task())

    await asyncio.sleep({{after}})
    task.cancel()

    try:
        await task
    except asyncio.CancelledError:
        print("Main: Task was cancelled")

asyncio.run(main())
"#;

/// The model: main waits `after` seconds whatever happens to the task; cancelling and awaiting a
/// cancelled (or finished) task take no time.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("after") * 1000.0)
}

/// The task's `except asyncio.CancelledError:` block: it runs if the coroutine is dropped (cancelled)
/// while the guard is still armed.
struct OnCancelled {
    lp: Loop,
    armed: bool,
}

impl Drop for OnCancelled {
    fn drop(&mut self) {
        if self.armed {
            self.lp.print("Task was cancelled");
        }
    }
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (work, after) = (v.get("work"), v.get("after"));
        let lp2 = lp.clone();
        let task = lp.spawn("long_running_task()", async move {
            let mut except = OnCancelled { lp: lp2.clone(), armed: true };
            lp2.print("Task started");
            lp2.sleep(work).await;
            except.armed = false;
            lp2.print("Task completed");
            "Task result"
        });
        lp.sleep(after).await;
        task.cancel();
        match task.await {
            Ok(_result) => {}
            Err(_cancelled) => lp.print("Main: Task was cancelled"),
        }
        Ok(())
    }
    .boxed_local()
}
