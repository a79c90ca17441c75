//! # mp-pipe-hello: a `Pipe` between two child processes
//!
//! `Pipe()` returns two connected ends. The parent gives one end to a `sender` process, which
//! `send`s `'Hello'`, and the other to a `receiver` process, which `recv`s it and prints it. The
//! sender works for `delay` seconds first (a sleep we added), so the receiver's `recv()` visibly
//! blocks until the message arrives; `Hello` appears at about `delay`.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Conn, Ctx, Target};

pub static LESSON: Lesson = Lesson {
    id: "mp-pipe-hello",
    chapter: Chapter::Queues,
    title: Text { en: "Pipe between two child processes", zh: "两个子进程之间的 Pipe" },
    concept: Text {
        en: "multiprocessing.Pipe() creates a connection with exactly two ends. What one end send()s, the other end recv()s, in order; by default both ends can send and receive (duplex). A pipe links two parties and is lighter than a Queue, which any number of processes may share. recv() blocks until a message is there, so the receiver may start first. We added a sleep in the sender so that wait is visible.",
        zh: "multiprocessing.Pipe() 创建一条恰好有两端的连接。一端 send() 的内容由另一端按顺序 recv()；默认两端都能收发（双工）。管道只连接两方，比可由任意多个进程共享的 Queue 更轻量。recv() 会阻塞到消息到达，所以接收方先启动也没问题。我们在发送方加了 sleep，让这段等待看得见。",
    },
    expect: Text {
        en: "`Hello`, printed by the receiver process at about the sender's delay (0.5 s).",
        zh: "`Hello` 由接收进程在约等于发送方 delay 的时刻（0.5 秒）打印。",
    },
    params: &[Param { name: "delay", label: Text { en: "sender works before send (s)", zh: "发送方 send 前的工作时间（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 }],
    variants: &[Variant { key: "", label: Text { en: "as published, with a sleep", zh: "原始程序（加了 sleep）" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_pipe_hello.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("mp-pipe-hello.sender", sender), ("mp-pipe-hello.receiver", receiver)];

const LISTING: &str = r#"from multiprocessing import Process, Pipe
import time

def sender(conn):
    time.sleep({{delay}})  # added: the sender works a while first
    conn.send('Hello')

def receiver(conn):
    data = conn.recv()  # blocks until a message arrives
    print(data)

if __name__ == '__main__':
    parent_conn, child_conn = Pipe()

    sender_process = Process(target=sender, args=(parent_conn,))
    receiver_process = Process(target=receiver, args=(child_conn,))

    sender_process.start()
    receiver_process.start()

    sender_process.join()
    receiver_process.join()
"#;

fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn sender(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(conn, delay): (Conn, f64)| async move {
        ctx.sleep(delay).await?;
        ctx.send(&conn, &"Hello")?;
        Ok(())
    })
}

fn receiver(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |conn: Conn| async move {
        let data: String = ctx.recv(&conn).await?;
        ctx.print(data);
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (parent_conn, child_conn) = ctx.pipe(true)?;
        let mut s = ctx.process("mp-pipe-hello.sender", &(parent_conn, v.get("delay")), "sender(parent_conn)", &[])?;
        let mut r = ctx.process("mp-pipe-hello.receiver", &child_conn, "receiver(child_conn)", &[])?;
        s.start()?;
        r.start()?;
        s.join().await?;
        r.join().await?;
        Ok(())
    }
    .boxed_local()
}
