//! # asyncio-queue-3-consumers: one producer, several consumers, an `asyncio.Queue` and sentinels
//!
//! The producer makes an item every `produce` seconds; `consumers` consumer tasks take items from
//! the queue and need `consume` seconds each. Every item is produced once and consumed once, in
//! FIFO order, by whichever consumer is free first. With the defaults (10 items, 3 consumers,
//! 0.2 s to produce, 0.6 s to consume) the consumers keep up exactly, each item is consumed 0.6 s
//! after it was produced, `queue.join()` returns when the last one is done, one `None` per consumer
//! tells them to leave, and the run ends at 2.6 s. The published program draws its times at random
//! (`random.uniform(0.1, 0.5)`); the lesson uses fixed times so every run is the same.
//!
//! The `deadlock` variant is the published `main`: it gathers the producer and the consumers
//! *before* sending the `None` sentinels, but the consumers only stop on a sentinel. Once the last
//! item is consumed, every task waits for something that can never happen: `main` waits for a
//! consumer, each consumer waits on `queue.get()`. The run ends there as a deadlock report that
//! names them (Python would hang forever). Its second `gather(*consumers)` would also fail, since a
//! coroutine object cannot be awaited twice, but it is never reached.

use std::collections::BinaryHeap;
use std::cmp::Reverse;

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop, Queue};
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "asyncio-queue-3-consumers",
    chapter: Chapter::Queues,
    title: Text { en: "asyncio.Queue: one producer, three consumers", zh: "asyncio.Queue：一个生产者，三个消费者" },
    concept: Text {
        en: "An asyncio.Queue hands items from a producer to consumers in FIFO order; a consumer that finds it empty simply waits in get() while the loop runs others. Each get() paired with task_done() lets queue.join() know when every item has been handled. Consumers written as endless loops need a way out: here one None sentinel per consumer, sent after join(). The consumers must run as tasks while main produces and joins; main must not wait for them to finish before it has sent the sentinels that make them finish.",
        zh: "asyncio.Queue 按先进先出的顺序把物品从生产者交给消费者；消费者发现队列为空时就在 get() 里等待，循环去运行其他任务。每次 get() 配一个 task_done()，queue.join() 就能知道什么时候所有物品都处理完了。写成无限循环的消费者需要一个退出方式：这里在 join() 之后给每个消费者发一个 None 哨兵。消费者必须作为任务在 main 生产和 join 的同时运行；main 不能在发出让它们结束的哨兵之前就等它们结束。",
    },
    expect: Text {
        en: "Produced item_0 … item_9 every 0.2 s; each item consumed exactly once, in order, 0.6 s after it was produced, spread over C_0, C_1, C_2; the run ends at 2.6 s. The deadlock variant stops at 2.6 s with a deadlock report: main waits for a consumer, the consumers wait on queue.get().",
        zh: "每 0.2 秒生产一个 item_0 … item_9；每个物品按顺序恰好被消费一次，在生产后 0.6 秒，由 C_0、C_1、C_2 分担；运行在 2.6 秒结束。deadlock 变体在 2.6 秒停住并给出死锁报告：main 在等一个消费者，消费者都在等 queue.get()。",
    },
    params: &[
        Param { name: "items", label: Text { en: "items", zh: "物品数" }, kind: Kind::Int, default: 10.0, min: 1.0, max: 1000.0 },
        Param { name: "consumers", label: Text { en: "consumers", zh: "消费者数" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 50.0 },
        Param { name: "produce", label: Text { en: "time to produce one (s)", zh: "生产一个的时间（秒）" }, kind: Kind::Seconds, default: 0.2, min: 0.0, max: 10.0 },
        Param { name: "consume", label: Text { en: "time to consume one (s)", zh: "消费一个的时间（秒）" }, kind: Kind::Seconds, default: 0.6, min: 0.0, max: 10.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "corrected", zh: "修正后的程序" },
            about: Text {
                en: "Consumers run as tasks; main produces, joins the queue, then sends one None per consumer and gathers them.",
                zh: "消费者作为任务运行；main 生产、等待队列处理完，再给每个消费者发一个 None，最后 gather 它们。",
            },
        },
        Variant {
            key: "deadlock",
            label: Text { en: "as published (deadlock)", zh: "原始程序（死锁）" },
            about: Text {
                en: "gather waits for consumers that only stop on a None that is sent after the gather: nothing can ever happen again.",
                zh: "gather 等待的消费者只有收到 None 才会停，而 None 在 gather 之后才发送：再也不会有任何进展。",
            },
        },
    ],
    listing: |variant| if variant == "deadlock" { PUBLISHED } else { LISTING },
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("asyncio_queue_3_consumers.rs"),
};

const LISTING: &str = r#"import asyncio

async def producer(queue, n):
    for i in range(n):
        await asyncio.sleep({{produce}})  # making an item takes time
        item = f'item_{i}'
        await queue.put(item)
        print(f'Produced {item}')

async def consumer(queue, name):
    while True:
        item = await queue.get()
        if item is None:  # the producer is done: leave
            break
        await asyncio.sleep({{consume}})  # handling an item takes time
        print(f'Consumer {name} consumed {item}')
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    # the consumers run as tasks while main produces
    consumers = [asyncio.create_task(consumer(queue, f'C_{i}'))
                 for i in range({{consumers}})]

    await producer(queue, {{items}})
    await queue.join()  # every item has been handled

    for _ in consumers:  # one sentinel per consumer
        await queue.put(None)
    await asyncio.gather(*consumers)

asyncio.run(main())
"#;

const PUBLISHED: &str = r#"import asyncio

async def producer(queue, n):
    for i in range(n):
        await asyncio.sleep({{produce}})  # published: random.uniform(0.1, 0.5)
        item = f'item_{i}'
        await queue.put(item)
        print(f'Produced {item}')

async def consumer(queue, name):
    while True:
        item = await queue.get()
        if item is None:
            break
        await asyncio.sleep({{consume}})  # published: random.uniform(0.1, 0.5)
        print(f'Consumer {name} consumed {item}')
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    num_items = {{items}}

    producer_coro = producer(queue, num_items)
    consumers = [consumer(queue, f'C_{i}') for i in range({{consumers}})]

    # waits for the consumers, which only stop on None...
    await asyncio.gather(producer_coro, *consumers)

    await queue.join()

    # ...and None is only sent here: never reached
    for _ in consumers:
        await queue.put(None)

    await asyncio.gather(*consumers)  # would also fail: coroutines reused

asyncio.run(main())
"#;

/// The model, in ms: item i is ready at (i+1)·produce; the consumer free first takes it (FIFO) and
/// is busy for `consume`. The corrected run ends when the last item is consumed (the sentinels
/// take no time); the published one stops there, deadlocked. Times are added up the way the loop
/// adds them, so the prediction matches the virtual clock exactly.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    let (produce, consume) = (v.get("produce") * 1000.0, v.get("consume") * 1000.0);
    let workers = v.int("consumers").max(1);
    let mut free: BinaryHeap<Reverse<u64>> = (0..workers).map(|_| Reverse(0f64.to_bits())).collect();
    let (mut ready, mut end) = (0.0f64, 0.0f64);
    for _ in 0..v.int("items") {
        ready += produce;
        // Non-negative floats order like their bit patterns.
        let Reverse(bits) = free.pop()?;
        let done = ready.max(f64::from_bits(bits)) + consume;
        free.push(Reverse(done.to_bits()));
        end = end.max(done);
    }
    Some(end.max(ready))
}

async fn producer(lp: Loop, queue: Queue<Option<String>>, n: usize, produce: f64) {
    for i in 0..n {
        lp.sleep(produce).await;
        let item = format!("item_{i}");
        queue.put(Some(item.clone())).await;
        lp.print(format!("Produced {item}"));
    }
}

async fn consumer(lp: Loop, queue: Queue<Option<String>>, name: String, consume: f64) -> Result<(), RunError> {
    loop {
        let Some(item) = queue.get().await else { break };
        lp.sleep(consume).await;
        lp.print(format!("Consumer {name} consumed {item}"));
        queue.task_done().map_err(|_| RunError::py("ValueError", "task_done() called too many times"))?;
    }
    Ok(())
}

fn main(lp: Loop, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (items, produce, consume) = (v.int("items"), v.get("produce"), v.get("consume"));
        let queue: Queue<Option<String>> = Queue::new(&lp, 0);
        let spawn_consumers = |lp: &Loop| -> Vec<_> {
            (0..v.int("consumers"))
                .map(|i| {
                    let name = format!("C_{i}");
                    lp.spawn(format!("consumer {name}"), consumer(lp.clone(), queue.clone(), name, consume))
                })
                .collect()
        };
        if variant == "deadlock" {
            // gather(producer_coro, *consumers): each coroutine becomes a task, the producer first.
            let producer_task = lp.spawn("producer", producer(lp.clone(), queue.clone(), items, produce));
            let consumers = spawn_consumers(&lp);
            producer_task.await?;
            for r in gather(consumers).await {
                r??;
            }
            // Never reached: the consumers above wait for sentinels sent only below.
            queue.join().await;
            return Ok(());
        }
        let consumers = spawn_consumers(&lp);
        producer(lp.clone(), queue.clone(), items, produce).await;
        queue.join().await;
        for _ in &consumers {
            queue.put(None).await;
        }
        for r in gather(consumers).await {
            r??;
        }
        Ok(())
    }
    .boxed_local()
}
