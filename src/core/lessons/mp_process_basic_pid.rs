//! # mp-process-basic-pid: `multiprocessing.Process`: start, join, and a pid per process
//!
//! The parent starts five `Process(target=worker, args=(i,))` and then joins them all. Each worker
//! is a separate process with its own pid (`os.getpid()`), so the five lines show five different
//! pids. The processes run side by side, so their lines may come in any order; the parent's final
//! line comes last, because `join()` waits for every worker to end before it is printed.
//! There are no sleeps: the timeline only shows each process's start-up and its short run.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, Target};

pub static LESSON: Lesson = Lesson {
    id: "mp-process-basic-pid",
    chapter: Chapter::ProcessesAndThreads,
    title: Text { en: "multiprocessing.Process: one pid per process", zh: "multiprocessing.Process：每个进程一个 pid" },
    concept: Text {
        en: "A Process runs a function in a brand-new process: its own interpreter, its own memory, its own process id. start() launches it and returns at once; join() blocks until it has ended. Starting all the processes before joining any of them lets them run at the same time, so the order of their output is up to the operating system. Only the line printed after the joins has a fixed place: last.",
        zh: "Process 在一个全新的进程中运行函数：独立的解释器、独立的内存、独立的进程号。start() 启动进程后立即返回；join() 阻塞直到该进程结束。先把所有进程都启动再逐个 join，它们就能同时运行，因此输出的先后由操作系统决定。只有在所有 join 之后打印的那一行位置固定：总在最后。",
    },
    expect: Text {
        en: "One `Worker i is running in process <pid>` line per worker, in any order, each with a different pid; then `All processes have finished.` as the very last line.",
        zh: "每个工作进程打印一行 `Worker i is running in process <pid>`，顺序不定，pid 各不相同；最后一行一定是 `All processes have finished.`。",
    },
    params: &[Param { name: "processes", label: Text { en: "processes", zh: "进程数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 16.0 }],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_process_basic_pid.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("mp-process-basic-pid.worker", worker)];

const LISTING: &str = r#"import multiprocessing
import os

def worker(num):
    """The work each process does"""
    print(f"Worker {num} is running in process {os.getpid()}")

if __name__ == '__main__':
    processes = []
    for i in range({{processes}}):
        p = multiprocessing.Process(target=worker, args=(i,))
        processes.append(p)
        p.start()

    for p in processes:
        p.join()

    print("All processes have finished.")
"#;

/// Nothing waits on purpose: only start-up, which the model leaves out.
fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    None
}

/// `worker(num)` in a child process: its pid is its own.
fn worker(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |num: i64| async move {
        ctx.print(format!("Worker {num} is running in process {}", ctx.pid()));
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let mut processes = Vec::new();
        for i in 0..v.int("processes") as i64 {
            let mut p = ctx.process("mp-process-basic-pid.worker", &i, format!("worker({i})"), &[])?;
            p.start()?;
            processes.push(p);
        }
        for p in &processes {
            p.join().await?;
        }
        ctx.print("All processes have finished.");
        Ok(())
    }
    .boxed_local()
}
