//! # thread-local: `threading.local()` gives every thread its own value
//!
//! Two threads each store a letter in the same `threading.local()` object, pause, and print their
//! thread's name with the value they read back: `Thread-1 (worker) A`, `Thread-2 (worker) B`.
//! The pause (not in the published program) makes sure every thread has written before any
//! reads, so a value that leaked between threads would show. The published comment expects
//! `Thread-1 A`: names without the target's name are what Python printed before 3.10; 3.11 prints
//! `Thread-1 (worker)`. The `shared` variant stores the letters on an ordinary shared object:
//! the threads overwrite each other and all print the last letter written.

use std::sync::{Arc, Mutex};

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::check_threads;
use crate::core::threads::Th;
use super::thread_sync::Local;

pub static LESSON: Lesson = Lesson {
    id: "thread-local",
    chapter: Chapter::Synchronisation,
    title: Text { en: "threading.local: one value per thread", zh: "threading.local：每个线程一份值" },
    concept: Text {
        en: "An attribute of a threading.local() object looks like one shared variable, but every thread that assigns it gets its own copy: a thread only ever reads back what it stored itself. That is how per-request data (the current user, a database connection) can live in a global name without threads seeing each other's. An ordinary object shared by the threads has one attribute, and the last writer wins.",
        zh: "threading.local() 对象上的属性看起来像一个共享变量，但每个给它赋值的线程都得到自己的一份：一个线程只会读到它自己存进去的值。这样，每个请求自己的数据（当前用户、数据库连接）就能放在全局名字里，而线程之间互不可见。若换成普通的共享对象，属性只有一个，最后写入的线程说了算。",
    },
    expect: Text {
        en: "`Thread-1 (worker) A`, `Thread-2 (worker) B` (Python 3.11 names; order may vary) after ≈ the pause. Shared variant: every line ends with the same letter.",
        zh: "约在停顿之后打印 `Thread-1 (worker) A`、`Thread-2 (worker) B`（Python 3.11 的线程名；顺序可能不同）。共享对象变体：每行末尾都是同一个字母。",
    },
    params: &[
        Param { name: "threads", label: Text { en: "threads (values A, B, C, …)", zh: "线程数（值为 A、B、C……）" }, kind: Kind::Int, default: 2.0, min: 1.0, max: 26.0 },
        Param { name: "pause", label: Text { en: "pause between store and read (s)", zh: "存入与读取之间的停顿（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 10.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "threading.local()", zh: "threading.local()" },
            about: Text { en: "The published program, with its expected output corrected to Python 3.11's thread names.", zh: "原始程序，预期输出已改为 Python 3.11 的线程名。" },
        },
        Variant {
            key: "shared",
            label: Text { en: "an ordinary shared object", zh: "普通的共享对象" },
            about: Text { en: "The same threads store into one plain object: they overwrite each other's value.", zh: "同样的线程存进同一个普通对象：它们会覆盖彼此的值。" },
        },
    ],
    listing: |variant| if variant == "shared" { SHARED } else { LOCAL },
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("thread_local.rs"),
};

const LOCAL: &str = r#"import threading
import time
from threading import Thread

local_data = threading.local()

def show_data():
    print(threading.current_thread().name, local_data.value)

def worker(value):
    local_data.value = value  # 每个线程独立赋值
    time.sleep({{pause}})  # the other threads store their values meanwhile
    show_data()

threads = [Thread(target=worker, args=(chr(ord("A") + i),)) for i in range({{threads}})]
for t in threads:
    t.start()
for t in threads:
    t.join()
# 输出 (Python 3.11)：
# Thread-1 (worker) A
# Thread-2 (worker) B
"#;

const SHARED: &str = r#"import threading
import time
from threading import Thread

class Data:
    pass

local_data = Data()  # one object, one attribute, shared by every thread

def show_data():
    print(threading.current_thread().name, local_data.value)

def worker(value):
    local_data.value = value
    time.sleep({{pause}})  # the other threads overwrite it meanwhile
    show_data()

threads = [Thread(target=worker, args=(chr(ord("A") + i),)) for i in range({{threads}})]
for t in threads:
    t.start()
for t in threads:
    t.join()
"#;

fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("pause") * 1000.0)
}

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("threads", v.int("threads") + 1, env)
}

fn main(th: &Th, v: &Values, variant: &'static str) -> Result<(), RunError> {
    let pause = v.get("pause");
    let local = Local::<String>::new("value");
    let shared: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let use_local = variant != "shared";
    let mut threads = Vec::new();
    for i in 0..v.int("threads").min(26) {
        let value = char::from(b'A' + i as u8).to_string();
        let (local, shared) = (local.clone(), shared.clone());
        let t = th.rt().start(format!("Thread-{} (worker)", i + 1), move |t| {
            if use_local {
                local.set(t, value);
            } else {
                *shared.lock().unwrap_or_else(|p| p.into_inner()) = Some(value);
            }
            t.sleep(pause)?;
            let seen = if use_local {
                local.get(t)?
            } else {
                shared.lock().unwrap_or_else(|p| p.into_inner()).clone().unwrap_or_default()
            };
            t.print(format!("{} {seen}", t.name()));
            Ok(())
        });
        threads.push(t);
    }
    for t in threads {
        t.join(th)?;
    }
    Ok(())
}
