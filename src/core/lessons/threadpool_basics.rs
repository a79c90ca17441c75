//! # threadpool-basics: `ThreadPoolExecutor` with `map`, `submit` + `result`, and a list of futures
//!
//! Each task prints which thread runs it, sleeps 0.1 s (standing in for I/O) and returns x².
//! Three pools run one after another: `map` over 10 tasks on 4 threads (waves of 4, 4, 2: 0.3 s),
//! one `submit` on a pool of 2 (0.1 s), five `submit`s on a pool of 3 (waves of 3, 2: 0.2 s).
//! Expect 0.6 s in total, results in input order whatever order the threads finish in, and the
//! `线程 … 处理任务 x` lines of one wave in any order. These are real threads: in the page each one
//! is a Web Worker, and a pool of 4 runs exactly 4 tasks at once on any machine.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::threads::{ThreadPoolExecutor, Th};
use super::{check_threads, waves};

pub static LESSON: Lesson = Lesson {
    id: "threadpool-basics",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "ThreadPoolExecutor: map, submit and futures", zh: "ThreadPoolExecutor：map、submit 与 Future" },
    concept: Text {
        en: "A ThreadPoolExecutor keeps a fixed number of worker threads and a queue of work. map(f, items) submits one task per item and hands back the results in input order. submit(f, x) returns a Future at once; future.result() blocks until that task has run. Leaving the `with` block waits for every task. For I/O-bound work the waits overlap, so n tasks on k threads take about ceil(n / k) waits.",
        zh: "ThreadPoolExecutor 维护固定数量的工作线程和一个任务队列。map(f, items) 为每个元素提交一个任务，并按输入顺序返回结果。submit(f, x) 立即返回一个 Future；future.result() 会阻塞直到该任务运行完毕。离开 `with` 代码块时会等待所有任务结束。对 I/O 密集型任务，等待相互重叠，所以 k 个线程上的 n 个任务大约需要 ceil(n / k) 次等待。",
    },
    expect: Text {
        en: "Results in input order; waves of 4, 2 and 3 threads; total ≈ (ceil(tasks / workers) + 1 + 2) × delay = 0.6 s by default.",
        zh: "结果按输入顺序；线程分批为 4、2、3；总耗时 ≈ (ceil(任务数 / 线程数) + 1 + 2) × 延时，默认 0.6 秒。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "max_workers (map)", zh: "max_workers（map）" }, kind: Kind::Int, default: 4.0, min: 1.0, max: 64.0 },
        Param { name: "tasks", label: Text { en: "tasks (map)", zh: "任务数（map）" }, kind: Kind::Int, default: 10.0, min: 1.0, max: 1000.0 },
        Param { name: "delay", label: Text { en: "I/O per task (s)", zh: "每个任务的 I/O（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("threadpool_basics.rs"),
};

const LISTING: &str = r#"from concurrent.futures import ThreadPoolExecutor
import threading
import time

def thread_pool_basics():
    print("=== 线程池基础操作 ===")

    def worker(x):
        thread_id = threading.current_thread().ident
        print(f"线程 {thread_id} 处理任务 {x}")
        time.sleep({{delay}})  # stands in for I/O
        return x * x

    # map: one task per item, results in input order
    with ThreadPoolExecutor(max_workers={{workers}}) as executor:
        results = list(executor.map(worker, range({{tasks}})))
        print(f"结果: {results}")

    # submit one task, wait for its future
    with ThreadPoolExecutor(max_workers=2) as executor:
        future = executor.submit(worker, 5)
        result = future.result()
        print(f"单个任务结果: {result}")

    # submit several tasks, collect their futures in order
    with ThreadPoolExecutor(max_workers=3) as executor:
        futures = [executor.submit(worker, i) for i in range(5)]
        results = [future.result() for future in futures]
        print(f"多个任务结果: {results}")

thread_pool_basics()
"#;

/// The model: `map` in waves of `workers`, then one wave, then five tasks on three threads.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    let waves = waves(v.int("tasks"), v.int("workers")) + 1.0 + waves(5, 3);
    Some(waves * (v.get("delay") * 1000.0))
}

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("workers", v.int("workers").max(3) + 1, env)
}

/// `worker(x)` from the listing.
fn worker(th: &Th, x: u64, delay: f64) -> Result<u64, RunError> {
    th.print(format!("线程 {} 处理任务 {x}", th.ident()));
    th.sleep(delay)?;
    Ok(x * x)
}

fn list(xs: &[u64]) -> String {
    format!("[{}]", xs.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))
}

fn main(th: &Th, v: &Values, _variant: &'static str) -> Result<(), RunError> {
    let delay = v.get("delay");
    th.print("=== 线程池基础操作 ===");

    let mut executor = ThreadPoolExecutor::new(th.rt(), v.int("workers"), "ThreadPoolExecutor-0")?;
    let items: Vec<u64> = (0..v.int("tasks") as u64).collect();
    let results = executor.map(th, items, |x| format!("worker({x})"), move |t, x| worker(t, x, delay))?;
    executor.shutdown(th)?;
    th.print(format!("结果: {}", list(&results)));

    let mut executor = ThreadPoolExecutor::new(th.rt(), 2, "ThreadPoolExecutor-1")?;
    let future = executor.submit("worker(5)", move |t| worker(t, 5, delay));
    let result = future.result(th)?;
    th.print(format!("单个任务结果: {result}"));
    executor.shutdown(th)?;

    let mut executor = ThreadPoolExecutor::new(th.rt(), 3, "ThreadPoolExecutor-2")?;
    let futures: Vec<_> = (0..5u64).map(|i| executor.submit(format!("worker({i})"), move |t| worker(t, i, delay))).collect();
    let results = futures.into_iter().map(|f| f.result(th)).collect::<Result<Vec<_>, _>>()?;
    th.print(format!("多个任务结果: {}", list(&results)));
    executor.shutdown(th)
}
