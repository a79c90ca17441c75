//! # mp-queue-hello: a `Queue` between two child processes
//!
//! The parent creates a `multiprocessing.Queue` and starts two children: `sender` puts `'Hello'`,
//! `receiver` gets it and prints it. Neither child knows the other; the queue is the only thing they
//! share, passed to each as an argument. The sender works for `delay` seconds before its `put` (a
//! sleep we added): the receiver, started at the same time, blocks in `get()` until then, and prints
//! `Hello` at about `delay`.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, MpQueue, Target};

pub static LESSON: Lesson = Lesson {
    id: "mp-queue-hello",
    chapter: Chapter::Queues,
    title: Text { en: "Queue between two child processes", zh: "两个子进程之间的 Queue" },
    concept: Text {
        en: "A multiprocessing.Queue can be handed to any number of processes, and any of them can put or get. Here the parent only sets things up: it creates the queue, gives it to a sender process and a receiver process, starts both and joins both. The receiver's get() blocks until the sender's object has arrived, so it does not matter which of the two starts first. We added a sleep in the sender so the receiver's wait is visible.",
        zh: "multiprocessing.Queue 可以交给任意多个进程，每个进程都可以 put 或 get。这里父进程只负责搭建：创建队列，把它交给发送进程和接收进程，启动并 join 两者。接收方的 get() 会一直阻塞到发送方的对象到达，所以谁先启动都无所谓。我们在发送方加了 sleep，让接收方的等待看得见。",
    },
    expect: Text {
        en: "`Hello`, printed by the receiver process at about the sender's delay (0.5 s).",
        zh: "`Hello` 由接收进程在约等于发送方 delay 的时刻（0.5 秒）打印。",
    },
    params: &[Param { name: "delay", label: Text { en: "sender works before put (s)", zh: "发送方 put 前的工作时间（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 }],
    variants: &[Variant { key: "", label: Text { en: "as published, with a sleep", zh: "原始程序（加了 sleep）" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_queue_hello.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("mp-queue-hello.sender", sender), ("mp-queue-hello.receiver", receiver)];

const LISTING: &str = r#"from multiprocessing import Process, Queue
import time

def sender(queue):
    time.sleep({{delay}})  # added: the sender works a while first
    queue.put('Hello')

def receiver(queue):
    data = queue.get()  # blocks until something is there
    print(data)

if __name__ == '__main__':
    queue = Queue()
    sender_process = Process(target=sender, args=(queue,))
    receiver_process = Process(target=receiver, args=(queue,))

    sender_process.start()
    receiver_process.start()

    sender_process.join()
    receiver_process.join()
"#;

fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn sender(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(q, delay): (MpQueue, f64)| async move {
        ctx.sleep(delay).await?;
        ctx.put(&q, &"Hello")?;
        Ok(())
    })
}

fn receiver(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |q: MpQueue| async move {
        let data: String = ctx.get_or_empty(&q, None).await?;
        ctx.print(data);
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let q = ctx.queue()?;
        let mut s = ctx.process("mp-queue-hello.sender", &(q, v.get("delay")), "sender(queue)", &[])?;
        let mut r = ctx.process("mp-queue-hello.receiver", &q, "receiver(queue)", &[])?;
        s.start()?;
        r.start()?;
        s.join().await?;
        r.join().await?;
        Ok(())
    }
    .boxed_local()
}
