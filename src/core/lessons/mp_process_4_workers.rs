//! # mp-process-4-workers: four `Process`es run at the same time
//!
//! The parent starts four worker processes, then joins them. Each prints `Worker i is running` and
//! then works for `delay` seconds (a `time.sleep` we added so the overlap is visible; the published
//! worker only prints). Because the four run side by side, the whole program takes about one
//! `delay`, not four; the lines come in whatever order the processes got going.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, Target};

pub static LESSON: Lesson = Lesson {
    id: "mp-process-4-workers",
    chapter: Chapter::ProcessesAndThreads,
    title: Text { en: "Four worker processes side by side", zh: "四个工作进程并行运行" },
    concept: Text {
        en: "Each multiprocessing.Process is a separate process that the operating system schedules on its own, so several of them really run at once, on several cores if there are any. The usual pattern is two loops: one that creates and start()s every process, and one that join()s them. Joining inside the first loop would wait for each worker before starting the next and lose all the overlap. We added a short sleep to the worker so the overlap shows on the timeline.",
        zh: "每个 multiprocessing.Process 都是独立的进程，由操作系统单独调度，所以多个进程真的可以同时运行，有多核时还会分布在不同核上。常见写法是两个循环：第一个循环创建并 start() 所有进程，第二个循环逐个 join()。如果在第一个循环里就 join，就会等上一个结束才启动下一个，并发就没有了。我们给 worker 加了一个短暂的 sleep，好让时间线上看得出重叠。",
    },
    expect: Text {
        en: "`Worker 0 is running` … `Worker 3 is running` in any order, all near the start; the run ends after about one delay (0.5 s), not four.",
        zh: "`Worker 0 is running` … `Worker 3 is running` 顺序不定，几乎同时出现；整个运行约一个 delay（0.5 秒）后结束，而不是四个。",
    },
    params: &[
        Param { name: "processes", label: Text { en: "processes", zh: "进程数" }, kind: Kind::Int, default: 4.0, min: 1.0, max: 16.0 },
        Param { name: "delay", label: Text { en: "work per worker (s)", zh: "每个进程的工作时间（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published, with a sleep", zh: "原始程序（加了 sleep）" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_process_4_workers.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("mp-process-4-workers.worker", worker)];

const LISTING: &str = r#"import multiprocessing
import time

def worker(num):
    """The child process's task"""
    print(f'Worker {num} is running')
    time.sleep({{delay}})  # added: the work, done by every worker at once

if __name__ == '__main__':
    # start {{processes}} child processes
    processes = []
    for i in range({{processes}}):
        p = multiprocessing.Process(target=worker, args=(i,))
        processes.append(p)
        p.start()

    # wait for them all to end
    for p in processes:
        p.join()
"#;

/// The workers overlap: one delay in all, whatever their number.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn worker(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(num, delay): (i64, f64)| async move {
        ctx.print(format!("Worker {num} is running"));
        ctx.sleep(delay).await?;
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let delay = v.get("delay");
        let mut processes = Vec::new();
        for i in 0..v.int("processes") as i64 {
            let mut p = ctx.process("mp-process-4-workers.worker", &(i, delay), format!("worker({i})"), &[])?;
            p.start()?;
            processes.push(p);
        }
        for p in &processes {
            p.join().await?;
        }
        Ok(())
    }
    .boxed_local()
}
