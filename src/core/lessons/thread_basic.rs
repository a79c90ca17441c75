//! # thread-basic: `threading.Thread` start / join
//!
//! Five threads each print `Worker i is running`; the main thread joins them all and then prints
//! `All threads have finished.`. Expect the worker lines first (usually in start order, because
//! each thread is started before the next, but nothing guarantees it) and the final line always
//! last, since `join` waits for every thread. A `delay` (0 in the published program) makes each
//! worker sleep before printing: the sleeps overlap, so the run takes one delay, not five.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::check_threads;
use crate::core::threads::Th;

pub static LESSON: Lesson = Lesson {
    id: "thread-basic",
    chapter: Chapter::ProcessesAndThreads,
    title: Text { en: "threading.Thread: start and join", zh: "threading.Thread：start 与 join" },
    concept: Text {
        en: "threading.Thread(target=f, args=(i,)) describes a thread; start() sets it running next to the main thread, and join() makes the caller wait until it has finished. Starting all threads first and joining them afterwards lets them run at the same time; the line after the joins runs only once every thread is done.",
        zh: "threading.Thread(target=f, args=(i,)) 描述一个线程；start() 让它与主线程同时运行，join() 让调用者等待它结束。先启动所有线程、再逐个 join，线程们就能同时运行；join 之后的那一行只会在所有线程都结束后才执行。",
    },
    expect: Text {
        en: "`Worker 0 … 4 is running` (usually in order, not guaranteed), then `All threads have finished.` last. With a delay the waits overlap: total ≈ one delay.",
        zh: "先是 `Worker 0 … 4 is running`（通常按顺序，但不保证），最后一行总是 `All threads have finished.`。设置延时后等待相互重叠：总耗时约为一个延时。",
    },
    params: &[
        Param { name: "threads", label: Text { en: "threads", zh: "线程数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 200.0 },
        Param { name: "delay", label: Text { en: "sleep in each worker (s)", zh: "每个线程中的 sleep（秒）" }, kind: Kind::Seconds, default: 0.0, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("thread_basic.rs"),
};

const LISTING: &str = r#"import threading
import time

def worker(num):
    """每个线程要执行的任务"""
    time.sleep({{delay}})  # 0 in the published program
    print(f"Worker {num} is running")

threads = []
for i in range({{threads}}):
    t = threading.Thread(target=worker, args=(i,))
    threads.append(t)
    t.start()

for t in threads:
    t.join()

print("All threads have finished.")
"#;

/// The model: every sleep runs at the same time, so one delay in all.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("threads", v.int("threads") + 1, env)
}

fn main(th: &Th, v: &Values, _variant: &'static str) -> Result<(), RunError> {
    let delay = v.get("delay");
    let mut threads = Vec::new();
    for i in 0..v.int("threads") {
        // Python 3.10+ names a thread after its counter and its target.
        let t = th.rt().start(format!("Thread-{} (worker)", i + 1), move |t| {
            t.sleep(delay)?;
            t.print(format!("Worker {i} is running"));
            Ok(())
        });
        threads.push(t);
    }
    for t in threads {
        t.join(th)?;
    }
    th.print("All threads have finished.");
    Ok(())
}
