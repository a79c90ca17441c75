//! # threadpool-as-completed-timeout: `as_completed` and `future.result(timeout=...)`
//!
//! Five tasks that take 0.2, 0.4, 0.6, 0.8 and 1.0 s go to a pool of 3 threads. `as_completed`
//! hands their futures back in the order they finish, not the order they were submitted: tasks 1,
//! 2, 3 finish at 0.2/0.4/0.6 s, task 4 (started at 0.2 s) at 1.0 s, task 5 (started at 0.4 s) at
//! 1.4 s. Then a 2-second task is awaited with `result(timeout=1)`: it raises `TimeoutError` at
//! ≈2.4 s.
//! Two defects in the published program, shown by the `published` variant: the message it prints
//! is empty, because `str(TimeoutError())` is `""`; and leaving the `with` block still waits for
//! the timed-out task (a running thread cannot be interrupted), so the run ends at ≈3.4 s. The
//! corrected program prints what happened and tells the task to stop through a `threading.Event`
//! it waits on instead of sleeping, so the run ends at ≈2.4 s.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::check_threads;
use crate::core::threads::{Th, ThreadPoolExecutor};
use super::thread_sync::{as_completed, submit, Event};

pub static LESSON: Lesson = Lesson {
    id: "threadpool-as-completed-timeout",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "as_completed and result(timeout=…)", zh: "as_completed 与 result(timeout=…)" },
    concept: Text {
        en: "as_completed(futures) yields each future as soon as its task has finished, so results can be handled in completion order while slower tasks keep running. future.result(timeout=t) waits at most t seconds and raises TimeoutError if the task is not done. The timeout only stops the waiting: the task itself keeps running, and the executor's with block waits for it on exit, unless the task is written to notice a request to stop.",
        zh: "as_completed(futures) 在每个任务完成时立即给出它的 future，于是可以按完成顺序处理结果，而较慢的任务继续运行。future.result(timeout=t) 最多等待 t 秒，任务未完成就抛出 TimeoutError。超时只是停止等待：任务本身仍在运行，离开执行器的 with 块时还会等它结束，除非任务被写成能响应停止请求。",
    },
    expect: Text {
        en: "Completions 1‥5 at ≈0.2/0.4/0.6/1.0/1.4 s, in that order; `任务超时: 1 秒内没有结果` at ≈2.4 s; the run ends ≈2.4 s. Published variant: an empty message after `任务超时或出错: ` and the run ends ≈3.4 s.",
        zh: "任务 1‥5 约在 0.2/0.4/0.6/1.0/1.4 秒依次完成；约 2.4 秒打印 `任务超时: 1 秒内没有结果`；运行约 2.4 秒结束。原始程序变体：`任务超时或出错: ` 后面是空消息，运行约 3.4 秒才结束。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "max_workers (as_completed)", zh: "max_workers（as_completed）" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 32.0 },
        Param { name: "tasks", label: Text { en: "tasks", zh: "任务数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 50.0 },
        Param { name: "step", label: Text { en: "task i takes i × step (s)", zh: "任务 i 耗时 i × step（秒）" }, kind: Kind::Seconds, default: 0.2, min: 0.0, max: 5.0 },
        Param { name: "duration", label: Text { en: "slow task's duration (s)", zh: "慢任务耗时（秒）" }, kind: Kind::Seconds, default: 2.0, min: 0.0, max: 10.0 },
        Param { name: "timeout", label: Text { en: "result timeout (s)", zh: "result 超时（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 10.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "corrected timeout handling", zh: "修正后的超时处理" },
            about: Text { en: "A readable timeout message, and the timed-out task is told to stop.", zh: "超时消息清楚可读，并通知超时的任务停止。" },
        },
        Variant {
            key: "published",
            label: Text { en: "as published", zh: "原始程序" },
            about: Text {
                en: "The timeout prints an empty message, and leaving the with block waits for the task anyway.",
                zh: "超时时打印空消息，而且离开 with 块时仍要等待该任务结束。",
            },
        },
    ],
    listing: |variant| if variant == "published" { PUBLISHED } else { FIXED },
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("threadpool_as_completed_timeout.rs"),
};

const FIXED: &str = r#"from concurrent.futures import ThreadPoolExecutor, as_completed
import threading
import time

def advanced_thread_pool():
    """高级线程池操作"""

    print("=== 高级线程池操作 ===")

    def long_running_task(task_id, duration):
        """长时间运行的任务"""
        thread_id = threading.current_thread().ident
        print(f"任务 {task_id} 开始执行 (线程: {thread_id})")
        time.sleep(duration)
        print(f"任务 {task_id} 完成")
        return f"任务 {task_id} 结果"

    # 使用 as_completed 处理完成的任务
    with ThreadPoolExecutor(max_workers={{workers}}) as executor:
        futures = {
            executor.submit(long_running_task, i, i * {{step}}): i
            for i in range(1, {{tasks}} + 1)
        }
        for future in as_completed(futures):  # in the order they finish
            task_id = futures[future]
            try:
                result = future.result()
                print(f"任务 {task_id} 完成: {result}")
            except Exception as e:
                print(f"任务 {task_id} 出错: {e}")

    # 带超时的任务执行
    def timeout_task(duration, cancel):
        """带超时的任务: waits like sleep(duration), but wakes up when cancelled"""
        if cancel.wait(duration):
            return "任务已取消"
        return f"任务完成，耗时 {duration} 秒"

    cancel = threading.Event()
    with ThreadPoolExecutor(max_workers=2) as executor:
        future = executor.submit(timeout_task, {{duration}}, cancel)
        try:
            result = future.result(timeout={{timeout}})
            print(f"任务结果: {result}")
        except TimeoutError:  # str(e) is empty: say what happened
            print(f"任务超时: {{timeout}} 秒内没有结果")
            cancel.set()  # otherwise leaving `with` waits for the task

advanced_thread_pool()
"#;

const PUBLISHED: &str = r#"from concurrent.futures import ThreadPoolExecutor, as_completed
import threading
import time

def advanced_thread_pool():
    """高级线程池操作"""

    print("=== 高级线程池操作 ===")

    def long_running_task(task_id, duration):
        """长时间运行的任务"""
        thread_id = threading.current_thread().ident
        print(f"任务 {task_id} 开始执行 (线程: {thread_id})")
        time.sleep(duration)
        print(f"任务 {task_id} 完成")
        return f"任务 {task_id} 结果"

    # 使用 as_completed 处理完成的任务
    with ThreadPoolExecutor(max_workers={{workers}}) as executor:
        futures = {
            executor.submit(long_running_task, i, i * {{step}}): i
            for i in range(1, {{tasks}} + 1)
        }
        for future in as_completed(futures):
            task_id = futures[future]
            try:
                result = future.result()
                print(f"任务 {task_id} 完成: {result}")
            except Exception as e:
                print(f"任务 {task_id} 出错: {e}")

    # 带超时的任务执行
    def timeout_task(duration):
        """带超时的任务"""
        time.sleep(duration)
        return f"任务完成，耗时 {duration} 秒"

    with ThreadPoolExecutor(max_workers=2) as executor:
        future = executor.submit(timeout_task, {{duration}})
        try:
            result = future.result(timeout={{timeout}})  # 1秒超时
            print(f"任务结果: {result}")
        except Exception as e:
            print(f"任务超时或出错: {e}")  # str(TimeoutError()) is ""
    # leaving `with` waited for timeout_task to finish anyway

advanced_thread_pool()
"#;

/// When each task of the first pool finishes: task i (1-based) takes i × step and goes to the
/// thread that becomes free first, in submission order.
pub fn finish_times(tasks: usize, workers: usize, step_ms: f64) -> Vec<f64> {
    let mut free = vec![0.0f64; workers.max(1)];
    (1..=tasks)
        .map(|i| {
            let (k, start) = free.iter().copied().enumerate().fold((0, f64::MAX), |best, (k, t)| if t < best.1 { (k, t) } else { best });
            free[k] = start + i as f64 * step_ms;
            free[k]
        })
        .collect()
}

/// The model: the first pool ends with its last task; then the wait for the slow task lasts
/// min(duration, timeout) when it is cancelled, its whole duration when `with` waits for it.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    let first = finish_times(v.int("tasks"), v.int("workers"), v.get("step") * 1000.0).into_iter().fold(0.0, f64::max);
    let (duration, timeout) = (v.get("duration") * 1000.0, v.get("timeout") * 1000.0);
    let second = if variant == "published" { duration } else { duration.min(timeout) };
    Some(first + second)
}

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("workers", v.int("workers").max(2) + 1, env)
}

fn main(th: &Th, v: &Values, variant: &'static str) -> Result<(), RunError> {
    let published = variant == "published";
    let (step, duration, timeout) = (v.get("step"), v.get("duration"), v.get("timeout"));
    th.print("=== 高级线程池操作 ===");

    let mut executor = ThreadPoolExecutor::new(th.rt(), v.int("workers"), "ThreadPoolExecutor-0")?;
    let futures: Vec<_> = (1..=v.int("tasks"))
        .map(|i| {
            let d = i as f64 * step;
            submit(&mut executor, format!("long_running_task({i})"), move |t: &Th| {
                t.print(format!("任务 {i} 开始执行 (线程: {})", t.ident()));
                t.sleep(d)?;
                t.print(format!("任务 {i} 完成"));
                Ok(format!("任务 {i} 结果"))
            })
        })
        .collect();
    let mut done = as_completed(&futures);
    while let Some(k) = done.next(th)? {
        let task_id = k + 1;
        match futures[k].result(th) {
            Ok(result) => th.print(format!("任务 {task_id} 完成: {result}")),
            Err(RunError::Py { message, .. }) => th.print(format!("任务 {task_id} 出错: {message}")),
            Err(e) => return Err(e),
        }
    }
    executor.shutdown(th)?;

    let mut executor = ThreadPoolExecutor::new(th.rt(), 2, "ThreadPoolExecutor-1")?;
    let cancel = Event::new("cancel");
    let c = cancel.clone();
    let future = submit(&mut executor, format!("timeout_task({duration})"), move |t: &Th| {
        if published {
            t.sleep(duration)?;
        } else if c.wait(t, Some(duration))? {
            return Ok("任务已取消".to_string());
        }
        Ok(format!("任务完成，耗时 {duration} 秒"))
    });
    match future.result_timeout(th, Some(timeout))? {
        Some(result) => th.print(format!("任务结果: {result}")),
        None if published => th.print("任务超时或出错: "),
        None => {
            th.print(format!("任务超时: {timeout} 秒内没有结果"));
            cancel.set();
        }
    }
    executor.shutdown(th)
}
