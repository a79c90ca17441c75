//! # mp-queue-child-message: a child `put`s, the parent `get`s
//!
//! The parent makes a `multiprocessing.Queue`, hands it to one child process and immediately calls
//! `q.get()`, which blocks. The child works for `delay` seconds (a sleep we added so the wait is
//! visible) and puts the string `子进程消息`; the parent's `get()` returns it and prints it at about
//! `delay`. The message crosses between the processes as pickled bytes; the queue itself is just a
//! handle passed to the child in its arguments.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, MpQueue, Target};

pub static LESSON: Lesson = Lesson {
    id: "mp-queue-child-message",
    chapter: Chapter::Queues,
    title: Text { en: "multiprocessing.Queue: a message from a child", zh: "multiprocessing.Queue：子进程传来的消息" },
    concept: Text {
        en: "Processes share no variables, so a child cannot simply set something the parent reads. A multiprocessing.Queue is a channel both can reach: put() pickles an object and sends it, get() waits until an object is there and unpickles it. Here the parent calls get() straight after start(); it simply blocks until the child has put its message. We added a sleep before the put so that wait is visible.",
        zh: "进程之间不共享变量，子进程无法直接修改父进程能读到的东西。multiprocessing.Queue 是双方都能访问的通道：put() 把对象 pickle 后发送，get() 等到有对象到达再反序列化取出。这里父进程在 start() 之后立刻调用 get()，它会一直阻塞，直到子进程放入消息。我们在 put 之前加了 sleep，好让这段等待看得见。",
    },
    expect: Text {
        en: "`子进程消息`, printed by the parent (MainProcess) at about the child's delay (0.5 s).",
        zh: "`子进程消息` 由父进程（MainProcess）在约等于子进程 delay 的时刻（0.5 秒）打印。",
    },
    params: &[Param { name: "delay", label: Text { en: "child works before put (s)", zh: "子进程 put 前的工作时间（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 }],
    variants: &[Variant { key: "", label: Text { en: "as published, with a sleep", zh: "原始程序（加了 sleep）" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_queue_child_message.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("mp-queue-child-message.worker", worker)];

const LISTING: &str = r#"from multiprocessing import Process, Queue
import time

def worker(q):
    time.sleep({{delay}})  # added: the child works a while first
    q.put("子进程消息")

if __name__ == '__main__':
    q = Queue()
    p = Process(target=worker, args=(q,))
    p.start()
    print(q.get())  # blocks until the child's message arrives
    p.join()
"#;

/// The parent waits for the child's delay.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn worker(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(q, delay): (MpQueue, f64)| async move {
        ctx.sleep(delay).await?;
        ctx.put(&q, &"子进程消息")?;
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let q = ctx.queue()?;
        let mut p = ctx.process("mp-queue-child-message.worker", &(q, v.get("delay")), "worker(q)", &[])?;
        p.start()?;
        let msg: String = ctx.get_or_empty(&q, None).await?;
        ctx.print(msg);
        p.join().await?;
        Ok(())
    }
    .boxed_local()
}
