//! # asyncio-queue-cancel-consumer: `task_done`/`join`, then cancelling an endless consumer
//!
//! A producer puts 0, 1, 2, … into an `asyncio.Queue`, one every `interval` seconds; a consumer
//! loops forever, taking items and marking each one done. `main` waits for the producer, then for
//! `queue.join()` (every item handled), and only then cancels the consumer, which would otherwise
//! wait on `get()` forever. With the defaults `Produced i` and `Consumed i` both appear at i s and
//! the run ends at 5 s with a cancel mark on the consumer's bar.
//!
//! `work` (0 in the published program) makes the consumer slower than the producer; then it is
//! `join()` that keeps `main` waiting until the backlog is handled. The `no-join` variant leaves
//! the join out: `main` cancels the consumer as soon as the producer is done, and with a slow
//! consumer the items still queued (and the one in progress) are silently lost.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{Loop, Queue};
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-queue-cancel-consumer",
    chapter: Chapter::Queues,
    title: Text { en: "asyncio.Queue: join, then cancel the consumer", zh: "asyncio.Queue：先 join，再取消消费者" },
    concept: Text {
        en: "A consumer written as `while True: await queue.get()` never returns by itself. Instead of a sentinel, main can stop it from outside: wait until the producer is finished, wait on queue.join() until every item put has been marked with task_done(), and then cancel the consumer task, which is sitting idle in get(). The join is what makes the cancel safe: without it, a consumer that lags behind is cancelled with work still in the queue.",
        zh: "写成 `while True: await queue.get()` 的消费者自己永远不会返回。除了用哨兵，main 也可以从外部让它停下：等生产者结束，再用 queue.join() 等到每个放入的物品都被 task_done() 标记为完成，然后取消正停在 get() 里空等的消费者任务。正是 join 让取消变得安全：没有它，落后的消费者会在队列里还有活的时候被取消。",
    },
    expect: Text {
        en: "`Produced i` and `Consumed i` at i s for i = 0…4; the consumer is cancelled at 5 s (cancel mark) and the run ends there. With a slow consumer the run lasts until the backlog is handled; the no-join variant cancels it at 5 s and loses the rest.",
        zh: "i = 0…4 时 `Produced i` 和 `Consumed i` 都在第 i 秒出现；消费者在 5 秒被取消（取消标记），运行在此结束。消费者较慢时，运行会持续到积压的物品处理完；no-join 变体在 5 秒就取消它，剩下的物品丢失。",
    },
    params: &[
        Param { name: "items", label: Text { en: "items", zh: "物品数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 1000.0 },
        Param { name: "interval", label: Text { en: "producer interval (s)", zh: "生产间隔（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 10.0 },
        Param { name: "work", label: Text { en: "consumer work per item (s)", zh: "消费者每项工作时间（秒）" }, kind: Kind::Seconds, default: 0.0, min: 0.0, max: 10.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "as published", zh: "原始程序" },
            about: Text { en: "join() before cancel(): every item is handled.", zh: "先 join() 再 cancel()：每个物品都会被处理。" },
        },
        Variant {
            key: "no-join",
            label: Text { en: "cancel without join()", zh: "不 join() 就取消" },
            about: Text {
                en: "The consumer is cancelled as soon as the producer ends; with a slow consumer, queued items are lost. Try work = 1.5.",
                zh: "生产者一结束就取消消费者；消费者较慢时，队列里的物品会丢失。试试 work = 1.5。",
            },
        },
    ],
    listing: |variant| if variant == "no-join" { NO_JOIN } else { LISTING },
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_queue_cancel_consumer.rs"),
};

const LISTING: &str = r#"import asyncio

async def producer(queue):
    for i in range({{items}}):
        await queue.put(i)
        print(f"Produced {i}")
        await asyncio.sleep({{interval}})

async def consumer(queue):
    while True:
        item = await queue.get()
        await asyncio.sleep({{work}})  # handling the item (0 as published)
        print(f"Consumed {item}")
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    producer_task = asyncio.create_task(producer(queue))
    consumer_task = asyncio.create_task(consumer(queue))

    await producer_task
    await queue.join()  # wait until every item has been handled
    consumer_task.cancel()

asyncio.run(main())
"#;

const NO_JOIN: &str = r#"import asyncio

async def producer(queue):
    for i in range({{items}}):
        await queue.put(i)
        print(f"Produced {i}")
        await asyncio.sleep({{interval}})

async def consumer(queue):
    while True:
        item = await queue.get()
        await asyncio.sleep({{work}})  # handling the item
        print(f"Consumed {item}")
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    producer_task = asyncio.create_task(producer(queue))
    consumer_task = asyncio.create_task(consumer(queue))

    await producer_task
    consumer_task.cancel()  # no join(): items still queued are lost

asyncio.run(main())
"#;

/// The model, in ms: item i is put at i·interval; the consumer starts it when it is both put and
/// the previous item is done, and needs `work`. The producer ends after its last sleep; with join
/// the run also waits for the last item. Sums are formed as the loop forms them.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    let (interval, work) = (v.get("interval") * 1000.0, v.get("work") * 1000.0);
    let (mut put, mut done) = (0.0f64, 0.0f64);
    for _ in 0..v.int("items") {
        done = put.max(done) + work;
        put += interval;
    }
    Some(if variant == "no-join" { put } else { put.max(done) })
}

/// `consumer(queue)`: takes items forever; only a cancel (or a broken queue) ends it.
async fn consumer(lp: Loop, queue: Queue<usize>, work: f64) -> Result<(), RunError> {
    loop {
        let item = queue.get().await;
        lp.sleep(work).await;
        lp.print(format!("Consumed {item}"));
        queue.task_done().map_err(|_| RunError::py("ValueError", "task_done() called too many times"))?;
    }
}

fn main(lp: Loop, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (items, interval, work) = (v.int("items"), v.get("interval"), v.get("work"));
        let queue: Queue<usize> = Queue::new(&lp, 0);
        let (lp1, q1) = (lp.clone(), queue.clone());
        let producer_task = lp.spawn("producer", async move {
            for i in 0..items {
                q1.put(i).await;
                lp1.print(format!("Produced {i}"));
                lp1.sleep(interval).await;
            }
        });
        let consumer_task = lp.spawn("consumer", consumer(lp.clone(), queue.clone(), work));
        producer_task.await?;
        if variant != "no-join" {
            queue.join().await;
        }
        consumer_task.cancel();
        Ok(())
    }
    .boxed_local()
}
