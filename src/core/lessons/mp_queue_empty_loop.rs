//! # mp-queue-empty-loop: stop on a sentinel, not on `empty()`
//!
//! A producer process puts `items` numbers on a `multiprocessing.Queue` (working `delay` seconds
//! before each), printing `Produced i`; a consumer process takes them off and prints `Consumed i`.
//! The parent joins the producer before starting the consumer, as the published program does, so
//! the output is all the `Produced` lines, then all the `Consumed` lines, in FIFO order.
//!
//! The published consumer loops `while not q.empty()`. That only works because of the join: the
//! queue is full before the consumer looks. The `empty-loop` variant keeps that consumer and starts
//! both processes together, as a producer/consumer pair normally runs: the consumer finds the queue
//! empty before the first item has arrived and quits, and the items are left behind. The corrected
//! program ends the stream with a `None` sentinel and lets the consumer block in `get()`, which is
//! right however the two are started.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, MpQueue, Target};

pub static LESSON: Lesson = Lesson {
    id: "mp-queue-empty-loop",
    chapter: Chapter::Queues,
    title: Text { en: "Queue between a producer and a consumer process", zh: "生产者进程与消费者进程之间的 Queue" },
    concept: Text {
        en: "q.empty() only says what the queue held at the instant it was asked; with other processes still putting, the answer can be out of date before the next line runs. So `while not q.empty()` is not a way to know that the producer has finished: a consumer that looks too early sees nothing and stops. The reliable end-of-stream signal is an item the producer sends last, a sentinel such as None; the consumer blocks in get() until it sees it.",
        zh: "q.empty() 只反映询问那一刻队列的状态；如果其他进程还在 put，下一行代码执行前这个答案可能就过时了。所以 `while not q.empty()` 无法判断生产者是否已经结束：消费者看得太早，就会什么都看不到并直接退出。可靠的结束信号是生产者最后发送的一个特殊元素（哨兵），例如 None；消费者在 get() 中阻塞，直到收到它。",
    },
    expect: Text {
        en: "Corrected: `Produced 0` … `Produced 4` (one per delay), then `Consumed 0` … `Consumed 4` in the same order. Empty-loop variant: all the Produced lines, but the consumer quits at once and consumes nothing (or only what had already arrived).",
        zh: "修正后：`Produced 0` … `Produced 4`（每隔一个 delay 一行），然后按相同顺序输出 `Consumed 0` … `Consumed 4`。empty 循环变体：Produced 全部输出，但消费者立刻退出，什么也没消费（或只消费了已经到达的部分）。",
    },
    params: &[
        Param { name: "items", label: Text { en: "items produced", zh: "生产的数量" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 100.0 },
        Param { name: "delay", label: Text { en: "producer works before each put (s)", zh: "每次 put 前生产者的工作时间（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 2.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "corrected: None sentinel", zh: "修正后：None 哨兵" },
            about: Text {
                en: "The producer puts None after its last item; the consumer blocks in get() until it sees it.",
                zh: "生产者在最后一个元素之后放入 None；消费者在 get() 中阻塞，直到看到它。",
            },
        },
        Variant {
            key: "empty-loop",
            label: Text { en: "as published: while not q.empty()", zh: "原文：while not q.empty()" },
            about: Text {
                en: "The published consumer, with both processes started together instead of one after the other. The consumer asks empty() before the producer's first put and stops at once. Set the delay to 0 and it may catch some items: the result depends on timing, which is the problem.",
                zh: "原文的消费者，但两个进程同时启动，而不是一个接一个。消费者在生产者第一次 put 之前就问 empty()，于是立刻结束。把 delay 设为 0，它也许能拿到一部分：结果取决于时机，这正是问题所在。",
            },
        },
    ],
    listing: |variant| if variant == "empty-loop" { LISTING_EMPTY } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_queue_empty_loop.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[
    ("mp-queue-empty-loop.producer", producer),
    ("mp-queue-empty-loop.consumer", consumer),
    ("mp-queue-empty-loop.consumer_empty", consumer_empty),
];

const LISTING: &str = r#"from multiprocessing import Process, Queue
import time

def producer(q):
    for i in range({{items}}):
        time.sleep({{delay}})  # the work of making an item
        q.put(i)
        print(f"Produced {i}")
    q.put(None)  # sentinel: nothing more will come

def consumer(q):
    while (item := q.get()) is not None:  # blocks until an item arrives
        print(f"Consumed {item}")

if __name__ == '__main__':
    q = Queue()

    p1 = Process(target=producer, args=(q,))
    p2 = Process(target=consumer, args=(q,))

    p1.start()
    p1.join()

    p2.start()
    p2.join()
"#;

const LISTING_EMPTY: &str = r#"from multiprocessing import Process, Queue
import time

def producer(q):
    for i in range({{items}}):
        time.sleep({{delay}})  # the work of making an item
        q.put(i)
        print(f"Produced {i}")

def consumer(q):
    while not q.empty():  # "empty right now" is not "finished"
        item = q.get()
        print(f"Consumed {item}")

if __name__ == '__main__':
    q = Queue()

    p1 = Process(target=producer, args=(q,))
    p2 = Process(target=consumer, args=(q,))

    p1.start()
    p2.start()  # the consumer runs while the producer is still working
    p1.join()
    p2.join()
"#;

/// The producer's items, one delay each; the consumer adds nothing that waits.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.int("items") as f64 * v.get("delay") * 1000.0)
}

fn produce(ctx: &Ctx, q: &MpQueue, items: i64, delay: f64) -> impl std::future::Future<Output = Result<(), RunError>> {
    let (ctx, q) = (ctx.clone(), *q);
    async move {
        for i in 0..items {
            ctx.sleep(delay).await?;
            ctx.put(&q, &Some(i))?;
            ctx.print(format!("Produced {i}"));
        }
        Ok(())
    }
}

/// `producer(q)`, ending the stream with the sentinel; `sentinel: false` is the published one.
fn producer(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(q, items, delay, sentinel): (MpQueue, i64, f64, bool)| async move {
        produce(&ctx, &q, items, delay).await?;
        if sentinel {
            ctx.put(&q, &None::<i64>)?;
        }
        Ok(())
    })
}

/// `while (item := q.get()) is not None`.
fn consumer(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |q: MpQueue| async move {
        while let Some(item) = ctx.get_or_empty::<Option<i64>>(&q, None).await? {
            ctx.print(format!("Consumed {item}"));
        }
        Ok(())
    })
}

/// `while not q.empty(): item = q.get()`: a snapshot, then a get.
fn consumer_empty(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |q: MpQueue| async move {
        while !ctx.empty(&q).await? {
            match ctx.get_or_empty::<Option<i64>>(&q, None).await? {
                Some(item) => ctx.print(format!("Consumed {item}")),
                None => ctx.print("Consumed None"),
            }
        }
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (items, delay) = (v.int("items") as i64, v.get("delay"));
        let q = ctx.queue()?;
        if variant == "empty-loop" {
            let mut p1 = ctx.process("mp-queue-empty-loop.producer", &(q, items, delay, false), "producer(q)", &[])?;
            let mut p2 = ctx.process("mp-queue-empty-loop.consumer_empty", &q, "consumer(q)", &[])?;
            p1.start()?;
            p2.start()?;
            p1.join().await?;
            p2.join().await?;
        } else {
            let mut p1 = ctx.process("mp-queue-empty-loop.producer", &(q, items, delay, true), "producer(q)", &[])?;
            let mut p2 = ctx.process("mp-queue-empty-loop.consumer", &q, "consumer(q)", &[])?;
            p1.start()?;
            p1.join().await?;
            p2.start()?;
            p2.join().await?;
        }
        Ok(())
    }
    .boxed_local()
}
