//! # fib-process-pool: `ProcessPoolExecutor.map` for CPU-bound work
//!
//! Two worker processes compute Fibonacci numbers with the plain recursive definition, which is
//! pure computation: in separate processes each has its own interpreter (and GIL), so the calls
//! really run side by side. Every call prints which process took it (in whatever order the
//! workers get to them), and `list(executor.map(...))` gives the results in input order:
//! `斐波那契(10) = 55`, `89`, `144`, `233`. The work happens in the child for real: the target
//! calls a recursive Rust `fib`, so larger `n` takes visibly longer on the timeline.
//!
//! The published program defines the task function inside another function. A process pool
//! sends work to its processes by the function's name, and a local function has no name another
//! process can look up: the variant `local` submits exactly that, the workers cannot find it, and
//! `map` raises `AttributeError` when its first result is read, as Python's does.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::lessons::gil_fib_compare::fib;
use crate::core::process::{typed, Bytes, Ctx, Target};

pub static LESSON: Lesson = Lesson {
    id: "fib-process-pool",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "ProcessPoolExecutor.map: Fibonacci in worker processes", zh: "ProcessPoolExecutor.map：在工作进程里算斐波那契" },
    concept: Text {
        en: "For work that only computes, threads do not help in CPython because of the GIL, but processes do: each worker process has its own interpreter. ProcessPoolExecutor.map(f, items) has the same shape as the built-in map: the results come back in the order of the inputs, whichever worker finished first. The function must be importable by name (defined at module level), because only its name travels to the worker, together with the pickled arguments.",
        zh: "对于纯计算的工作，由于 GIL，CPython 的线程帮不上忙，进程却可以：每个工作进程都有自己的解释器。ProcessPoolExecutor.map(f, items) 的用法和内置 map 一样：结果按输入顺序返回，不管哪个工作进程先算完。函数必须能按名字导入（定义在模块顶层），因为传给工作进程的只是它的名字和 pickle 后的参数。",
    },
    expect: Text {
        en: "One `进程 <pid> 处理任务 n` line per input, in any order and from at most max_workers pids; then `斐波那契(10) = 55`, `斐波那契(11) = 89`, `斐波那契(12) = 144`, `斐波那契(13) = 233`, always in input order. The published local function fails with AttributeError instead.",
        zh: "每个输入打印一行 `进程 <pid> 处理任务 n`，顺序不定，pid 最多 max_workers 个；然后依次是 `斐波那契(10) = 55`、`斐波那契(11) = 89`、`斐波那契(12) = 144`、`斐波那契(13) = 233`，始终按输入顺序。原文的局部函数则会以 AttributeError 失败。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "max_workers", zh: "max_workers（进程数）" }, kind: Kind::Int, default: 2.0, min: 1.0, max: 16.0 },
        Param { name: "first", label: Text { en: "first n", zh: "第一个 n" }, kind: Kind::Int, default: 10.0, min: 0.0, max: 30.0 },
        Param { name: "count", label: Text { en: "how many n", zh: "n 的个数" }, kind: Kind::Int, default: 4.0, min: 1.0, max: 6.0 },
    ],
    variants: &[
        Variant { key: "", label: Text { en: "corrected: module-level functions", zh: "修正后：函数定义在模块顶层" }, about: Text { en: "", zh: "" } },
        Variant {
            key: "local",
            label: Text { en: "as published: a local function", zh: "原文：局部函数" },
            about: Text {
                en: "The published cpu_intensive_task is defined inside process_pool_basics(). A worker process receives only the function's qualified name, process_pool_basics.<locals>.cpu_intensive_task, and no process can look that up. Nothing is computed; reading the first result from map raises AttributeError.",
                zh: "原文的 cpu_intensive_task 定义在 process_pool_basics() 内部。工作进程收到的只是函数的限定名 process_pool_basics.<locals>.cpu_intensive_task，任何进程都无法按这个名字找到它。什么也没算出来；从 map 读取第一个结果时抛出 AttributeError。",
            },
        },
    ],
    listing: |variant| if variant == "local" { LISTING_LOCAL } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("fib_process_pool.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("fib-process-pool.cpu_intensive_task", cpu_intensive_task)];

/// The name the published program submits: a function local to `process_pool_basics`, which no
/// process can find by name (deliberately absent from [`TARGETS`]).
pub const LOCAL_TARGET: &str = "fib-process-pool.process_pool_basics.<locals>.cpu_intensive_task";

const LISTING: &str = r#"import os
from concurrent.futures import ProcessPoolExecutor

def fibonacci(n):
    if n <= 1:
        return n
    return fibonacci(n - 1) + fibonacci(n - 2)

def cpu_intensive_task(n):
    """CPU密集型任务"""
    process_id = os.getpid()
    print(f"进程 {process_id} 处理任务 {n}")
    result = fibonacci(n)
    return f"斐波那契({n}) = {result}"

def process_pool_basics():
    print("=== 进程池基础操作 ===")
    with ProcessPoolExecutor(max_workers={{workers}}) as executor:
        inputs = range({{first}}, {{first}} + {{count}})
        results = list(executor.map(cpu_intensive_task, inputs))  # input order
        for result in results:
            print(result)

if __name__ == '__main__':
    process_pool_basics()
"#;

const LISTING_LOCAL: &str = r#"from concurrent.futures import ProcessPoolExecutor

def process_pool_basics():
    """进程池基础操作"""
    print("=== 进程池基础操作 ===")

    def cpu_intensive_task(n):  # local: cannot be pickled
        """CPU密集型任务"""
        import os
        process_id = os.getpid()
        print(f"进程 {process_id} 处理任务 {n}")

        def fibonacci(n):
            if n <= 1:
                return n
            return fibonacci(n-1) + fibonacci(n-2)

        result = fibonacci(n)
        return f"斐波那契({n}) = {result}"

    with ProcessPoolExecutor(max_workers={{workers}}) as executor:
        inputs = range({{first}}, {{first}} + {{count}})
        results = list(executor.map(cpu_intensive_task, inputs))  # AttributeError
        for result in results:
            print(result)

process_pool_basics()
"#;

/// CPU-bound: no sleeps to model, and the cost of `fib(n)` depends on the machine.
fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    None
}

/// `cpu_intensive_task(n)` in a worker process: the Fibonacci number is really computed here.
fn cpu_intensive_task(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |n: u64| async move {
        ctx.print(format!("进程 {} 处理任务 {n}", ctx.pid()));
        let result = fib(n);
        Ok(format!("斐波那契({n}) = {result}"))
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (workers, first, count) = (v.int("workers"), v.int("first") as u64, v.int("count") as u64);
        let inputs: Vec<u64> = (first..first + count).collect();
        let target = if variant == "local" { LOCAL_TARGET } else { "fib-process-pool.cpu_intensive_task" };

        ctx.print("=== 进程池基础操作 ===");
        let executor = ctx.pool(workers, true)?;
        let mapped: Result<Vec<String>, RunError> = executor.map(target, &inputs, |n| format!("cpu_intensive_task({n})")).await;
        match mapped {
            Ok(results) => {
                for result in results {
                    ctx.print(result);
                }
            }
            Err(e) => {
                // The exception leaves the `with` block through shutdown(wait=True), then propagates.
                executor.close_join().await?;
                return Err(e);
            }
        }
        // Leaving `with ProcessPoolExecutor(...)`: shutdown(wait=True).
        executor.close_join().await
    }
    .boxed_local()
}
