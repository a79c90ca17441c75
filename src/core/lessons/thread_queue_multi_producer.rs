//! # thread-queue-multi-producer: three producers, two consumers, a bounded queue
//!
//! Producers P0‥P2 each put three numbers (P0: 0‥2, P1: 3‥5, P2: 6‥8) on a `queue.Queue(maxsize=5)`,
//! one every 0.1 s; consumers C0 and C1 take whatever comes next with `get(timeout=1)` and leave
//! when nothing arrives for a whole second. The main thread joins the producers, waits for
//! `q.join()` (every item marked done), then joins the consumers.
//! Expect each of the 9 items produced once and consumed once; each producer's items consumed in
//! the order it put them (the queue is FIFO); the producers done at ≈0.3 s; each consumer
//! reporting its timeout 1 s after the last item it took: usually both take one of the last
//! round's items (at 0.2 s) and leave at ≈1.2 s, which is when the run ends.
//! A full queue makes `put` wait: with no pause between items, 9 puts meet a queue of 5 and the
//! producers really block until a consumer makes room.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::check_threads;
use crate::core::threads::Th;
use super::thread_sync::Queue;

pub static LESSON: Lesson = Lesson {
    id: "thread-queue-multi-producer",
    chapter: Chapter::Queues,
    title: Text { en: "Several producers and consumers on a bounded queue", zh: "有界队列上的多个生产者与消费者" },
    concept: Text {
        en: "Any number of threads can put on and get from one queue.Queue; each item goes to exactly one consumer. Queue(maxsize=5) holds at most five items: put() blocks while it is full, which keeps fast producers from running far ahead. get(timeout=1) raises queue.Empty when nothing arrives in time, a simple way for a consumer to leave once the producers have gone quiet. task_done() after each item lets q.join() wait until every item has been processed.",
        zh: "任意多个线程都可以向同一个 queue.Queue 放入和取出数据；每个数据只会交给一个消费者。Queue(maxsize=5) 最多容纳五个数据：队列满时 put() 会阻塞，避免生产者跑得太快。get(timeout=1) 在超时内没有数据时抛出 queue.Empty，是消费者在生产者停下后退出的简单办法。每处理完一个数据调用 task_done()，q.join() 就能等到所有数据都处理完毕。",
    },
    expect: Text {
        en: "9 items, each produced and consumed exactly once, FIFO per producer; producers done ≈0.3 s; each consumer times out 1 s after its last item, usually both at ≈1.2 s, which is also the total.",
        zh: "9 个数据，每个恰好生产一次、消费一次，同一生产者的数据先进先出；生产者约 0.3 秒完成；每个消费者在取到最后一个数据 1 秒后超时退出，通常两个都在约 1.2 秒，这也是总耗时。",
    },
    params: &[
        Param { name: "producers", label: Text { en: "producer threads", zh: "生产者线程数" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 8.0 },
        Param { name: "items", label: Text { en: "items per producer", zh: "每个生产者的数据数" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 100.0 },
        Param { name: "consumers", label: Text { en: "consumer threads", zh: "消费者线程数" }, kind: Kind::Int, default: 2.0, min: 1.0, max: 8.0 },
        Param { name: "maxsize", label: Text { en: "maxsize", zh: "maxsize" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 100.0 },
        Param { name: "delay", label: Text { en: "producer's sleep after each put (s)", zh: "生产者每次 put 后的 sleep（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 10.0 },
        Param { name: "timeout", label: Text { en: "get timeout (s)", zh: "get 超时（秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.05, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("thread_queue_multi_producer.rs"),
};

const LISTING: &str = r#"import queue
import threading
import time

def queue_communication():
    """队列通信示例"""

    print("=== 队列通信示例 ===")

    def producer(q, name, items):
        """生产者"""
        for item in items:
            q.put(item)  # blocks while the queue is full
            print(f"生产者 {name} 生产: {item}")
            time.sleep({{delay}})
        print(f"生产者 {name} 完成")

    def consumer(q, name):
        """消费者"""
        while True:
            try:
                item = q.get(timeout={{timeout}})
                print(f"消费者 {name} 消费: {item}")
                q.task_done()
            except queue.Empty:
                print(f"消费者 {name} 超时退出")
                break

    # 创建队列
    q = queue.Queue(maxsize={{maxsize}})

    # 创建生产者线程
    n = {{items}}
    producer_threads = [
        threading.Thread(target=producer, args=(q, f"P{i}", range(i*n, (i+1)*n)))
        for i in range({{producers}})
    ]

    # 创建消费者线程
    consumer_threads = [
        threading.Thread(target=consumer, args=(q, f"C{i}"))
        for i in range({{consumers}})
    ]

    # 启动所有线程
    for thread in producer_threads + consumer_threads:
        thread.start()

    # 等待生产者完成
    for thread in producer_threads:
        thread.join()

    # 等待队列为空
    q.join()

    # 停止消费者
    for thread in consumer_threads:
        thread.join()

queue_communication()
"#;

/// The model: the producers put their last item at (items − 1) × delay and finish one delay
/// later; the consumers leave one timeout after the last item. (With no delay and a small
/// queue the producers wait for room, which takes next to no time with consumers that do not
/// sleep.)
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    let (items, delay, timeout) = (v.int("items") as f64, v.get("delay") * 1000.0, v.get("timeout") * 1000.0);
    Some((items * delay).max((items - 1.0) * delay + timeout))
}

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("producers", v.int("producers") + v.int("consumers") + 1, env)
}

fn main(th: &Th, v: &Values, _variant: &'static str) -> Result<(), RunError> {
    let (producers, n, consumers) = (v.int("producers"), v.int("items"), v.int("consumers"));
    let (delay, timeout) = (v.get("delay"), v.get("timeout"));
    th.print("=== 队列通信示例 ===");
    let q = Queue::<usize>::new("q", v.int("maxsize"));
    let mut producer_threads = Vec::new();
    for i in 0..producers {
        let q = q.clone();
        producer_threads.push(th.rt().start(format!("Thread-{} (producer)", i + 1), move |t| {
            let name = format!("P{i}");
            for item in i * n..(i + 1) * n {
                q.put(t, item)?;
                t.print(format!("生产者 {name} 生产: {item}"));
                t.sleep(delay)?;
            }
            t.print(format!("生产者 {name} 完成"));
            Ok(())
        }));
    }
    let mut consumer_threads = Vec::new();
    for i in 0..consumers {
        let q = q.clone();
        consumer_threads.push(th.rt().start(format!("Thread-{} (consumer)", producers + i + 1), move |t| {
            let name = format!("C{i}");
            loop {
                match q.get_timeout(t, Some(timeout))? {
                    Some(item) => {
                        t.print(format!("消费者 {name} 消费: {item}"));
                        q.task_done()?;
                    }
                    None => {
                        t.print(format!("消费者 {name} 超时退出"));
                        break;
                    }
                }
            }
            Ok(())
        }));
    }
    for t in producer_threads {
        t.join(th)?;
    }
    q.join(th)?;
    for t in consumer_threads {
        t.join(th)?;
    }
    Ok(())
}
