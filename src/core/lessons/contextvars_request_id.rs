//! # contextvars-request-id: each asyncio task runs in its own copy of the context
//!
//! `requests` handlers run together under `gather`. Each sets the `request_id` context variable,
//! waits `delay` seconds (while the others run and set theirs), and then reads it back. Because
//! every task got its own copy of the context when it was created, each reads the value it set:
//! `处理请求 1`, `处理请求 2`, … all at one delay. The `global` variant keeps the id in a plain module
//! global instead: by the time the handlers wake up the last one has overwritten it, and every
//! line says the last id.
//!
//! The engine has no contexts of its own; [`Context`] below models Python's: `create_task` copies
//! the creator's context, `ContextVar.set` writes into the running task's copy.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop};
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "contextvars-request-id",
    chapter: Chapter::TasksTimeouts,
    title: Text { en: "contextvars: a value per task", zh: "contextvars：每个任务一份值" },
    concept: Text {
        en: "A contextvars.ContextVar holds a value per context, not per program. When asyncio creates a task it gives the task a copy of the current context, so a value set inside one task is invisible to the others, even though they all run on the same thread and interleave at every await. That makes it the right place for per-request data such as a request id, where a global variable would be overwritten by whichever request ran last.",
        zh: "contextvars.ContextVar 按上下文保存值，而不是整个程序一份。asyncio 创建任务时会把当前上下文复制一份给任务，所以在一个任务里设置的值对其他任务不可见，即使它们都在同一个线程上运行、在每个 await 处交错执行。因此它适合保存每个请求自己的数据（比如请求 ID）；如果用全局变量，值会被最后运行的那个请求覆盖。",
    },
    expect: Text {
        en: "`处理请求 1`, `处理请求 2`, … in order, all after one delay: each task reads its own id. The global variant prints the last id on every line.",
        zh: "`处理请求 1`、`处理请求 2`……依次出现，都在一个延时之后：每个任务读到的是自己的 ID。global 变体每一行都打印最后一个 ID。",
    },
    params: &[
        Param { name: "requests", label: Text { en: "requests", zh: "请求数" }, kind: Kind::Int, default: 2.0, min: 1.0, max: 1000.0 },
        Param { name: "delay", label: Text { en: "work per request (s)", zh: "每个请求的处理时间（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 30.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "ContextVar", zh: "ContextVar" },
            about: Text { en: "Each task reads the id it set itself.", zh: "每个任务读到自己设置的 ID。" },
        },
        Variant {
            key: "global",
            label: Text { en: "a global variable instead", zh: "改用全局变量" },
            about: Text {
                en: "One variable shared by all tasks: the last request to set it wins, and every handler reports that id.",
                zh: "所有任务共用一个变量：最后设置它的请求胜出，每个处理函数都报告那个 ID。",
            },
        },
    ],
    listing: |variant| if variant == "global" { GLOBAL } else { LISTING },
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("contextvars_request_id.rs"),
};

const LISTING: &str = r#"import asyncio
import contextvars

request_id = contextvars.ContextVar('request_id')

async def handle_request(id):
    request_id.set(id)
    await asyncio.sleep({{delay}})  # the other requests run meanwhile
    print(f"处理请求 {request_id.get()}")

async def main():
    await asyncio.gather(*(handle_request(i) for i in range(1, {{requests}} + 1)))

asyncio.run(main())
"#;

const GLOBAL: &str = r#"import asyncio

request_id = None  # one variable for the whole program

async def handle_request(id):
    global request_id
    request_id = id
    await asyncio.sleep({{delay}})  # the other requests overwrite it meanwhile
    print(f"处理请求 {request_id}")

async def main():
    await asyncio.gather(*(handle_request(i) for i in range(1, {{requests}} + 1)))

asyncio.run(main())
"#;

/// The model: the handlers wait together, so the run takes one delay.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

/// A context: the values of context variables, by name.
#[derive(Clone, Default)]
struct Context(Rc<RefCell<BTreeMap<&'static str, usize>>>);

impl Context {
    /// `contextvars.copy_context()`: what `create_task` gives a new task.
    fn copy(&self) -> Context {
        Context(Rc::new(RefCell::new(self.0.borrow().clone())))
    }
    fn set(&self, var: &'static str, value: usize) {
        self.0.borrow_mut().insert(var, value);
    }
    /// `var.get()`; a variable never set raises LookupError, as in Python.
    fn get(&self, var: &'static str) -> Result<usize, RunError> {
        self.0.borrow().get(var).copied().ok_or_else(|| RunError::py("LookupError", format!("<ContextVar name='{var}'>")))
    }
}

fn main(lp: Loop, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let delay = v.get("delay");
        let main_ctx = Context::default();
        let tasks = (1..=v.int("requests"))
            .map(|id| {
                // A task gets a copy of its creator's context; a global is the same object for all.
                let ctx = if variant == "global" { main_ctx.clone() } else { main_ctx.copy() };
                let lp2 = lp.clone();
                lp.spawn(format!("handle_request({id})"), async move {
                    ctx.set("request_id", id);
                    lp2.sleep(delay).await;
                    let seen = ctx.get("request_id")?;
                    lp2.print(format!("处理请求 {seen}"));
                    Ok::<(), RunError>(())
                })
            })
            .collect();
        for r in gather(tasks).await {
            r??;
        }
        Ok(())
    }
    .boxed_local()
}
