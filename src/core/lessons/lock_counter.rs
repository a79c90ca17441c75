//! # lock-counter: `threading.Lock` makes a read-modify-write safe
//!
//! A thousand threads each add one to a shared counter: read it, pause, write it back plus one.
//! With the lock, the three steps happen as one and the result is always 1000; the lock is handed
//! from thread to thread, one pause each, so the run takes about `threads × pause`.
//! The `no-lock` variant removes the lock: threads read the same old value during each other's
//! pause and overwrite each other's work, so the final value is far below 1000. The race is real:
//! the threads are OS threads (Web Workers in the page) touching one shared integer.
//! The pause stands for the thread switch that, in CPython, can fall between any two bytecodes; a
//! pause of 0 makes the race rare but not impossible.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::threads::{Lock, Th};
use super::waves;

pub static LESSON: Lesson = Lesson {
    id: "lock-counter",
    chapter: Chapter::Synchronisation,
    title: Text { en: "threading.Lock: no lost updates", zh: "threading.Lock：不丢失更新" },
    concept: Text {
        en: "`counter += 1` is three steps: read, add, write. If another thread writes between this thread's read and write, one of the two increments is lost. A Lock lets only one thread at a time run the code inside `with lock:`, so the read-modify-write becomes indivisible. The price is that the threads now take turns.",
        zh: "`counter += 1` 其实是三步：读、加、写。如果在本线程读和写之间另一个线程写入了，两次自增中就会丢失一次。Lock 让同一时间只有一个线程能执行 `with lock:` 里的代码，读-改-写因此不可分割。代价是线程们只能轮流执行。",
    },
    expect: Text {
        en: "With the lock: `Final counter value: 1000`, in about threads × pause. Without it: a smaller number that changes from run to run.",
        zh: "有锁：`Final counter value: 1000`，耗时约为 线程数 × 停顿。无锁：一个更小的数，每次运行都不同。",
    },
    params: &[
        Param { name: "threads", label: Text { en: "threads", zh: "线程数" }, kind: Kind::Int, default: 1000.0, min: 1.0, max: 5000.0 },
        Param { name: "pause", label: Text { en: "pause between read and write (s)", zh: "读写之间的停顿（秒）" }, kind: Kind::Seconds, default: 0.001, min: 0.0, max: 1.0 },
    ],
    variants: &[
        Variant { key: "", label: Text { en: "with the lock", zh: "加锁" }, about: Text { en: "The published program.", zh: "原始程序。" } },
        Variant {
            key: "no-lock",
            label: Text { en: "without the lock", zh: "不加锁" },
            about: Text { en: "The same threads without `with lock:`: updates are lost.", zh: "同样的线程去掉 `with lock:`：更新会丢失。" },
        },
    ],
    listing: |variant| if variant == "no-lock" { NO_LOCK } else { WITH_LOCK },
    engine: Engine::Threads { main, gil: true },
    predict,
    check: no_check,
    source: lesson_source!("lock_counter.rs"),
};

const WITH_LOCK: &str = r#"import threading
import time

counter = 0
lock = threading.Lock()

def increment_counter():
    global counter
    with lock:
        temp = counter
        time.sleep({{pause}})  # a thread switch could happen here
        counter = temp + 1

threads = []
for i in range({{threads}}):
    t = threading.Thread(target=increment_counter)
    threads.append(t)
    t.start()

for t in threads:
    t.join()

print("Final counter value:", counter)
"#;

const NO_LOCK: &str = r#"import threading
import time

counter = 0

def increment_counter():
    global counter
    temp = counter
    time.sleep({{pause}})  # another thread reads the same old value here
    counter = temp + 1

threads = []
for i in range({{threads}}):
    t = threading.Thread(target=increment_counter)
    threads.append(t)
    t.start()

for t in threads:
    t.join()

print("Final counter value:", counter)
"#;

/// The model: with the lock the pauses happen one after another; without it, as many at once as
/// the page can run threads (the pool's workers less the main thread; unlimited natively).
fn predict(v: &Values, variant: &str, env: &Env) -> Option<f64> {
    let (threads, pause) = (v.int("threads"), v.get("pause") * 1000.0);
    if variant == "no-lock" {
        let width = env.workers.map(|w| w.saturating_sub(1).max(1)).unwrap_or(threads);
        Some(waves(threads, width) * pause)
    } else {
        Some(threads as f64 * pause)
    }
}

fn main(th: &Th, v: &Values, variant: &'static str) -> Result<(), RunError> {
    // An atomic so that the race is a real one without undefined behaviour: each load and each
    // store is indivisible, the load-pause-store sequence is not, exactly as in Python.
    let counter = Arc::new(AtomicI64::new(0));
    let lock = Lock::new("lock");
    let pause = v.get("pause");
    let use_lock = variant != "no-lock";
    let mut threads = Vec::new();
    for i in 0..v.int("threads") {
        let (counter, lock) = (counter.clone(), lock.clone());
        let t = th.rt().start(format!("Thread-{}", i + 1), move |t| {
            let _guard = if use_lock { Some(lock.acquire(t)?) } else { None };
            let temp = counter.load(Ordering::SeqCst);
            t.sleep(pause)?;
            counter.store(temp + 1, Ordering::SeqCst);
            Ok(())
        });
        threads.push(t);
    }
    for t in threads {
        t.join(th)?;
    }
    th.print(format!("Final counter value: {}", counter.load(Ordering::SeqCst)));
    Ok(())
}
