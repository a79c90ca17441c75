//! # mp-worker-queues: worker processes between an input and an output Queue
//!
//! The parent puts tasks 1..=10 on an input `Queue` and starts 3 worker processes. Each worker
//! prints its pid, then loops: `get(timeout=2)` a task, stop on `None`, otherwise print which task
//! it handles, work `delay` seconds (a sleep we added to stand for the work) and put
//! `(worker_id, task, task ** 2)` on the output `Queue`. The parent collects exactly one result per
//! task (`get(timeout=5)`), then puts one `None` per worker, joins them and prints the whole list.
//! Which worker gets which task, and the order results arrive in, change from run to run; the set
//! of `(task, task²)` pairs never does. With equal work per task the run takes about
//! `ceil(tasks / workers)` delays.
//!
//! The published program defines the worker inside a function. Under the spawn start method
//! (Windows, macOS, and every browser tab: a new process cannot inherit the parent's memory) a
//! local function cannot be pickled, so `start()` fails: the `local-target` variant.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, MpQueue, Target};
use super::super::waves;

pub static LESSON: Lesson = Lesson {
    id: "mp-worker-queues",
    chapter: Chapter::Queues,
    title: Text { en: "Worker processes with an input and an output Queue", zh: "使用输入队列和输出队列的工作进程" },
    concept: Text {
        en: "A hand-made process pool: the tasks go on one Queue, any number of worker processes take them off as they become free, and the results come back on a second Queue. Whoever is free first takes the next task, so the split between workers and the order of the results vary between runs. Each worker needs its own stop signal: one None per worker, sent once all results are in. The get() timeouts are a safety net; with the sentinels they are never reached. The worker function must live at module level: a new process finds it by name, and a function defined inside another function has no name it can be found by.",
        zh: "这是一个手写的进程池：任务放在一个 Queue 里，任意数量的工作进程空闲时就取走一个，结果通过第二个 Queue 送回。谁先空闲谁就拿下一个任务，所以任务在进程间的分配和结果的顺序每次运行都不同。每个工作进程都需要自己的停止信号：收齐结果后，每个进程发一个 None。get() 的超时只是保险；有了哨兵，它们不会被触发。工作函数必须定义在模块顶层：新进程是按名字找到它的，而定义在另一个函数内部的函数没有可供查找的名字。",
    },
    expect: Text {
        en: "One start line per worker with distinct pids, one `进程 w 处理任务: t` per task, ten `收集到结果: (w, t, t²)` lines in varying order, and `所有结果: [...]` last, after about ceil(10 / 3) = 4 delays. The local-target variant stops at the first start() with AttributeError.",
        zh: "每个工作进程打印一行启动信息，pid 各不相同；每个任务一行 `进程 w 处理任务: t`；十行 `收集到结果: (w, t, t²)`，顺序不定；最后是 `所有结果: [...]`，约在 ceil(10 / 3) = 4 个 delay 之后。local-target 变体在第一次 start() 时就抛出 AttributeError。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "worker processes", zh: "工作进程数" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 16.0 },
        Param { name: "tasks", label: Text { en: "tasks", zh: "任务数" }, kind: Kind::Int, default: 10.0, min: 1.0, max: 100.0 },
        Param { name: "delay", label: Text { en: "work per task (s)", zh: "每个任务的工作时间（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 5.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "corrected: module-level worker", zh: "修正后：模块顶层的 worker" },
            about: Text {
                en: "The worker and collector are module-level functions, `queue` is imported for queue.Empty, and the main code sits under `if __name__ == '__main__':`.",
                zh: "worker 和收集函数都定义在模块顶层，导入了 queue 以使用 queue.Empty，主程序放在 `if __name__ == '__main__':` 之下。",
            },
        },
        Variant {
            key: "local-target",
            label: Text { en: "as published: worker defined inside a function", zh: "原文：worker 定义在函数内部" },
            about: Text {
                en: "The published program nests worker_process inside process_communication(). That only works with the fork start method (Linux). With spawn, the default on Windows and macOS and the only way a browser can start a process, the target must be pickled by name and a local function has none: start() raises AttributeError.",
                zh: "原文把 worker_process 嵌套在 process_communication() 内部。这只在 fork 启动方式（Linux）下可行。在 spawn 方式下（Windows 和 macOS 的默认方式，也是浏览器启动进程的唯一方式），target 要按名字 pickle，而局部函数没有这样的名字：start() 抛出 AttributeError。",
            },
        },
    ],
    listing: |variant| if variant == "local-target" { LISTING_LOCAL } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_worker_queues.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("mp-worker-queues.worker_process", worker_process)];

const LISTING: &str = r#"from multiprocessing import Process, Queue
import os
import queue
import time

def worker_process(worker_id, input_queue, output_queue):
    """A worker process"""
    print(f"工作进程 {worker_id} (PID: {os.getpid()}) 启动")
    while True:
        try:
            task = input_queue.get(timeout=2)
            if task is None:  # stop signal
                break
            print(f"进程 {worker_id} 处理任务: {task}")
            time.sleep({{delay}})  # added: the work
            output_queue.put((worker_id, task, task ** 2))
        except queue.Empty:
            print(f"工作进程 {worker_id} 超时退出")
            break

def result_collector(output_queue, num_tasks):
    """Collects one result per task"""
    results = []
    for _ in range(num_tasks):
        try:
            result = output_queue.get(timeout=5)
            results.append(result)
            print(f"收集到结果: {result}")
        except queue.Empty:
            print("结果收集超时")
            break
    return results

if __name__ == '__main__':
    print("=== 进程间通信示例 ===")
    input_queue = Queue()
    output_queue = Queue()

    tasks = list(range(1, {{tasks}} + 1))
    for task in tasks:
        input_queue.put(task)

    num_workers = {{workers}}
    workers = []
    for i in range(num_workers):
        worker = Process(target=worker_process, args=(i, input_queue, output_queue))
        workers.append(worker)
        worker.start()

    results = result_collector(output_queue, len(tasks))

    for _ in range(num_workers):  # one sentinel per worker
        input_queue.put(None)

    for worker in workers:
        worker.join()

    print(f"所有结果: {results}")
"#;

const LISTING_LOCAL: &str = r#"from multiprocessing import Process, Queue, Manager

def process_communication():
    """Inter-process communication"""

    print("=== 进程间通信示例 ===")

    def worker_process(worker_id, input_queue, output_queue):
        """A worker process, defined inside a function"""
        import os
        process_id = os.getpid()
        print(f"工作进程 {worker_id} (PID: {process_id}) 启动")
        while True:
            try:
                task = input_queue.get(timeout=2)
                if task is None:
                    break
                print(f"进程 {worker_id} 处理任务: {task}")
                time.sleep({{delay}})  # added: the work
                output_queue.put((worker_id, task, task ** 2))
            except queue.Empty:  # `queue` is never imported
                print(f"工作进程 {worker_id} 超时退出")
                break

    def result_collector(output_queue, num_tasks):
        results = []
        for _ in range(num_tasks):
            try:
                result = output_queue.get(timeout=5)
                results.append(result)
                print(f"收集到结果: {result}")
            except queue.Empty:
                print("结果收集超时")
                break
        return results

    input_queue = Queue()
    output_queue = Queue()

    tasks = list(range(1, {{tasks}} + 1))
    for task in tasks:
        input_queue.put(task)

    num_workers = {{workers}}
    workers = []
    for i in range(num_workers):
        worker = Process(target=worker_process, args=(i, input_queue, output_queue))
        workers.append(worker)
        worker.start()  # spawn must pickle worker_process: it is a local object

    results = result_collector(output_queue, len(tasks))

    for _ in range(num_workers):
        input_queue.put(None)

    for worker in workers:
        worker.join()

    print(f"所有结果: {results}")

process_communication()
"#;

/// Equal tasks shared by free workers: ceil(tasks / workers) rounds of one delay.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    if variant == "local-target" {
        return Some(0.0);
    }
    Some(waves(v.int("tasks"), v.int("workers")) * v.get("delay") * 1000.0)
}

/// One result, printed as Python prints the tuple.
fn tuple((w, t, r): (i64, i64, i64)) -> String {
    format!("({w}, {t}, {r})")
}

fn worker_process(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(worker_id, input, output, delay): (i64, MpQueue, MpQueue, f64)| async move {
        ctx.print(format!("工作进程 {worker_id} (PID: {}) 启动", ctx.pid()));
        loop {
            match ctx.get::<Option<i64>>(&input, Some(2.0)).await? {
                // queue.Empty after 2 s.
                None => {
                    ctx.print(format!("工作进程 {worker_id} 超时退出"));
                    break;
                }
                // The sentinel.
                Some(None) => break,
                Some(Some(task)) => {
                    ctx.print(format!("进程 {worker_id} 处理任务: {task}"));
                    ctx.sleep(delay).await?;
                    ctx.put(&output, &(worker_id, task, task * task))?;
                }
            }
        }
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (num_workers, tasks, delay) = (v.int("workers") as i64, v.int("tasks") as i64, v.get("delay"));
        ctx.print("=== 进程间通信示例 ===");
        let input = ctx.queue()?;
        let output = ctx.queue()?;
        for task in 1..=tasks {
            ctx.put(&input, &Some(task))?;
        }
        if variant == "local-target" && num_workers > 0 {
            // Spawn pickles the target by its qualified name before anything starts.
            return Err(RunError::py("AttributeError", "Can't pickle local object 'process_communication.<locals>.worker_process'"));
        }
        let mut workers = Vec::new();
        for i in 0..num_workers {
            let mut w = ctx.process("mp-worker-queues.worker_process", &(i, input, output, delay), format!("worker_process({i})"), &[])?;
            w.start()?;
            workers.push(w);
        }

        let mut results = Vec::new();
        for _ in 0..tasks {
            match ctx.get::<(i64, i64, i64)>(&output, Some(5.0)).await? {
                Some(result) => {
                    results.push(result);
                    ctx.print(format!("收集到结果: {}", tuple(result)));
                }
                None => {
                    ctx.print("结果收集超时");
                    break;
                }
            }
        }

        for _ in 0..num_workers {
            ctx.put(&input, &None::<i64>)?;
        }
        for w in &workers {
            w.join().await?;
        }
        let list: Vec<String> = results.into_iter().map(tuple).collect();
        ctx.print(format!("所有结果: [{}]", list.join(", ")));
        Ok(())
    }
    .boxed_local()
}
