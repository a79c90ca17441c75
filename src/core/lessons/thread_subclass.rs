//! # thread-subclass: subclassing `threading.Thread` and overriding `run()`
//!
//! `MyThread(i)` calls `super().__init__()`, keeps its number, and overrides `run()`, which
//! `start()` calls on the new thread. Expect `Thread i is running` for every thread (usually in
//! order, not guaranteed), then `All threads have finished.` last.
//! The published `__init__` calls `threading.Thread(self)` instead: that builds a second, unrelated
//! Thread and passes `self` as its `group` argument, which CPython rejects with
//! `AssertionError: group argument must be None for now` while constructing the very first
//! `MyThread(0)`, before anything is printed. The `published` variant raises exactly that.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::check_threads;
use crate::core::threads::Th;

pub static LESSON: Lesson = Lesson {
    id: "thread-subclass",
    chapter: Chapter::ProcessesAndThreads,
    title: Text { en: "Subclassing threading.Thread", zh: "继承 threading.Thread" },
    concept: Text {
        en: "Instead of passing a target function, a class can inherit from threading.Thread and put the thread's work in run(). start() creates the OS thread and calls run() on it. The subclass's __init__ must call super().__init__() so the Thread machinery is set up; creating some other Thread object inside __init__ does not initialise this one.",
        zh: "除了传入 target 函数，也可以写一个继承 threading.Thread 的类，把线程要做的事放进 run()。start() 会创建操作系统线程并在其中调用 run()。子类的 __init__ 必须调用 super().__init__() 来完成 Thread 的初始化；在 __init__ 里另外创建一个 Thread 对象并不能初始化当前对象。",
    },
    expect: Text {
        en: "`Thread 0 … 4 is running`, then `All threads have finished.`. Published variant: AssertionError (group argument must be None for now) before any output.",
        zh: "先是 `Thread 0 … 4 is running`，然后是 `All threads have finished.`。原始程序变体：在任何输出之前抛出 AssertionError（group argument must be None for now）。",
    },
    params: &[Param { name: "threads", label: Text { en: "threads", zh: "线程数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 200.0 }],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "super().__init__()", zh: "super().__init__()" },
            about: Text { en: "The corrected constructor.", zh: "修正后的构造函数。" },
        },
        Variant {
            key: "published",
            label: Text { en: "as published: threading.Thread(self)", zh: "原始程序：threading.Thread(self)" },
            about: Text {
                en: "The published constructor passes self as Thread's group argument: AssertionError on the first MyThread(0).",
                zh: "原始构造函数把 self 作为 Thread 的 group 参数传入：第一次 MyThread(0) 就抛出 AssertionError。",
            },
        },
    ],
    listing: |variant| if variant == "published" { PUBLISHED } else { FIXED },
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("thread_subclass.rs"),
};

const FIXED: &str = r#"import threading

class MyThread(threading.Thread):
    def __init__(self, num):
        super().__init__()  # initialise this Thread
        self.num = num

    def run(self):
        print(f"Thread {self.num} is running")

threads = []
for i in range({{threads}}):
    t = MyThread(i)
    threads.append(t)
    t.start()

for t in threads:
    t.join()

print("All threads have finished.")
"#;

const PUBLISHED: &str = r#"import threading

class MyThread(threading.Thread):
    def __init__(self, num):
        threading.Thread(self)  # group=self: AssertionError
        self.num = num

    def run(self):
        print(f"Thread {self.num} is running")

threads = []
for i in range({{threads}}):
    t = MyThread(i)
    threads.append(t)
    t.start()

for t in threads:
    t.join()

print("All threads have finished.")
"#;

fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(0.0)
}

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("threads", v.int("threads") + 1, env)
}

/// `threading.Thread.__init__(group, ...)`: CPython asserts that `group` is None.
fn thread_init(group_is_none: bool) -> Result<(), RunError> {
    if group_is_none {
        Ok(())
    } else {
        Err(RunError::py("AssertionError", "group argument must be None for now"))
    }
}

fn main(th: &Th, v: &Values, variant: &'static str) -> Result<(), RunError> {
    let published = variant == "published";
    let mut threads = Vec::new();
    for num in 0..v.int("threads") {
        // MyThread(num).__init__: the published one calls threading.Thread(self), i.e. group=self.
        thread_init(!published)?;
        // A subclass has no target, so Python names it plain "Thread-N".
        let t = th.rt().start(format!("Thread-{}", num + 1), move |t| {
            t.print(format!("Thread {num} is running"));
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
