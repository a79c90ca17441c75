//! # thread-two-funcs: two threads, two different target functions
//!
//! `thread1_func` and `thread2_func` each print one line on their own thread; the main thread
//! starts both, joins both, and prints `All threads have finished`. Expect the two thread lines in
//! either order (usually Thread 1 first, as it starts first) and the final line always last.
//! Each function can sleep first (0 in the published program): the later sleeper prints last,
//! whatever the start order, and the run takes the longer of the two sleeps.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::check_threads;
use crate::core::threads::Th;

pub static LESSON: Lesson = Lesson {
    id: "thread-two-funcs",
    chapter: Chapter::ProcessesAndThreads,
    title: Text { en: "Two threads, two functions", zh: "两个线程，两个函数" },
    concept: Text {
        en: "Each thread runs whatever function is passed as its target, so different threads can do different jobs. Once both are started they run side by side; which one prints first depends on timing, not on the order of the start() calls. join() on both is what guarantees the last line comes last.",
        zh: "每个线程运行作为 target 传入的函数，所以不同线程可以做不同的事。两个线程都启动后便并排运行；谁先打印取决于时机，而不是 start() 的调用顺序。对两个线程都调用 join()，才能保证最后一行真的最后出现。",
    },
    expect: Text {
        en: "`Thread 1 is running` and `Thread 2 is running` (either order; with sleeps, the shorter sleeper first), then `All threads have finished`; total ≈ the longer sleep.",
        zh: "`Thread 1 is running` 和 `Thread 2 is running`（顺序不定；设置 sleep 后睡得短的先打印），然后是 `All threads have finished`；总耗时约为较长的那次 sleep。",
    },
    params: &[
        Param { name: "delay1", label: Text { en: "sleep in thread 1 (s)", zh: "线程 1 的 sleep（秒）" }, kind: Kind::Seconds, default: 0.0, min: 0.0, max: 10.0 },
        Param { name: "delay2", label: Text { en: "sleep in thread 2 (s)", zh: "线程 2 的 sleep（秒）" }, kind: Kind::Seconds, default: 0.0, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("thread_two_funcs.rs"),
};

const LISTING: &str = r#"import threading
import time

# 线程1的执行函数
def thread1_func():
    time.sleep({{delay1}})  # 0 in the published program
    print("Thread 1 is running")

# 线程2的执行函数
def thread2_func():
    time.sleep({{delay2}})  # 0 in the published program
    print("Thread 2 is running")

thread1 = threading.Thread(target=thread1_func)
thread2 = threading.Thread(target=thread2_func)

thread1.start()
thread2.start()

thread1.join()
thread2.join()

print("All threads have finished")
"#;

/// The model: both sleeps overlap, so the longer one.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay1").max(v.get("delay2")) * 1000.0)
}

fn check(_: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("delay1", 3, env)
}

fn main(th: &Th, v: &Values, _variant: &'static str) -> Result<(), RunError> {
    let (d1, d2) = (v.get("delay1"), v.get("delay2"));
    let thread1 = th.rt().start("Thread-1 (thread1_func)", move |t| {
        t.sleep(d1)?;
        t.print("Thread 1 is running");
        Ok(())
    });
    let thread2 = th.rt().start("Thread-2 (thread2_func)", move |t| {
        t.sleep(d2)?;
        t.print("Thread 2 is running");
        Ok(())
    });
    thread1.join(th)?;
    thread2.join(th)?;
    th.print("All threads have finished");
    Ok(())
}
