//! # thread-producer-consumer-sentinel: a producer, a consumer, a queue and a `None` sentinel
//!
//! The producer puts 0‥4 on a `queue.Queue`, one every 0.1 s, printing `生产 i`; the consumer
//! takes them off in the same order, printing `消费 i`, until it receives `None`. Corrected, the
//! main thread joins the producer, then sends the sentinel, then joins the consumer: the run ends
//! ≈0.5 s, right after the last item.
//! The published program joins both threads with `join(timeout=1)` before sending the sentinel.
//! The consumer cannot finish without it, so that second join always waits its full second:
//! ≈1.5 s in all, one of them wasted, and it only ends at all because the non-daemon consumer is
//! still there to receive the late `None`. With a producer slower than the timeouts, the sentinel
//! even overtakes the producer's last items and the consumer quits before them.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::check_threads;
use crate::core::threads::Th;
use super::thread_sync::{start, Queue};

pub static LESSON: Lesson = Lesson {
    id: "thread-producer-consumer-sentinel",
    chapter: Chapter::Queues,
    title: Text { en: "Producer and consumer threads with a sentinel", zh: "生产者-消费者线程与终止信号" },
    concept: Text {
        en: "A queue.Queue is a thread-safe buffer: the producer put()s items, the consumer get()s them in the same order and blocks while the queue is empty. Because the consumer waits for ever, it needs a signal that nothing more is coming: a sentinel value such as None, sent after the last real item. The producer must be finished (join it) before the sentinel is sent; a join with a timeout on a thread that is waiting for that very sentinel only wastes the timeout.",
        zh: "queue.Queue 是线程安全的缓冲区：生产者 put() 数据，消费者按同样的顺序 get()，队列为空时阻塞等待。由于消费者会一直等下去，它需要一个“不会再有数据”的信号：在最后一个真实数据之后放入一个哨兵值，例如 None。发送哨兵前必须确认生产者已经结束（join 它）；而对正在等这个哨兵的线程做带超时的 join，只会白白耗掉超时时间。",
    },
    expect: Text {
        en: "生产 i and 消费 i for every item, consumed in FIFO order, one every 0.1 s; the run ends ≈0.5 s. Published variant: ≈1.5 s, the last second spent in join(timeout=1).",
        zh: "每个数据都有 生产 i 和 消费 i，按先进先出顺序消费，每 0.1 秒一个；运行约 0.5 秒结束。原始程序变体：约 1.5 秒，最后一秒耗在 join(timeout=1) 上。",
    },
    params: &[
        Param { name: "items", label: Text { en: "items", zh: "数据个数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 1000.0 },
        Param { name: "delay", label: Text { en: "producer's sleep per item (s)", zh: "生产者每个数据的 sleep（秒）" }, kind: Kind::Seconds, default: 0.1, min: 0.0, max: 10.0 },
        Param { name: "join_timeout", label: Text { en: "join timeout (published variant, s)", zh: "join 超时（原始程序变体，秒）" }, kind: Kind::Seconds, default: 1.0, min: 0.0, max: 10.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "join the producer, then send None", zh: "先 join 生产者，再发送 None" },
            about: Text { en: "The corrected ending: the sentinel goes in as soon as the producer is done.", zh: "修正后的结尾：生产者一结束就放入哨兵。" },
        },
        Variant {
            key: "published",
            label: Text { en: "as published: join(timeout=1), then None", zh: "原始程序：join(timeout=1) 之后才发 None" },
            about: Text {
                en: "Both joins time out before the sentinel is sent: the consumer's join always waits its whole timeout.",
                zh: "两次 join 都在发送哨兵之前超时：对消费者的 join 总要等满整个超时。",
            },
        },
    ],
    listing: |variant| if variant == "published" { PUBLISHED } else { FIXED },
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("thread_producer_consumer_sentinel.rs"),
};

const FIXED: &str = r#"import threading
import queue
import time

def producer(q):
    for i in range({{items}}):
        q.put(i)
        print(f"生产 {i}")
        time.sleep({{delay}})

def consumer(q):
    while True:
        item = q.get()
        if item is None:  # 终止信号
            break
        print(f"消费 {item}")
        q.task_done()

q = queue.Queue()
producer_thread = threading.Thread(target=producer, args=(q,))
consumer_thread = threading.Thread(target=consumer, args=(q,))
producer_thread.start()
consumer_thread.start()

producer_thread.join()  # every item is in the queue now
q.put(None)             # so the sentinel comes after the last one
consumer_thread.join()  # and the consumer stops when it reaches it
"#;

const PUBLISHED: &str = r#"import threading
import queue
import time

def producer(q):
    for i in range({{items}}):
        q.put(i)
        print(f"生产 {i}")
        time.sleep({{delay}})

def consumer(q):
    while True:
        item = q.get()
        if item is None:  # 终止信号
            break
        print(f"消费 {item}")
        q.task_done()

q = queue.Queue()
threads = [
    threading.Thread(target=producer, args=(q,)),
    threading.Thread(target=consumer, args=(q,))
]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout={{join_timeout}})  # the consumer cannot end yet: waits the whole timeout
q.put(None)  # 发送终止信号
"#;

/// The model. Corrected: the producer's items × delay. Published: the producer's join returns at
/// min(producing, timeout), the consumer's join always waits the whole timeout, and the program
/// still ends no earlier than the producer.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    let produce = v.int("items") as f64 * v.get("delay") * 1000.0;
    let timeout = v.get("join_timeout") * 1000.0;
    if variant == "published" {
        Some((produce.min(timeout) + timeout).max(produce))
    } else {
        Some(produce)
    }
}

fn check(_: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("items", 3, env)
}

fn main(th: &Th, v: &Values, variant: &'static str) -> Result<(), RunError> {
    let (items, delay, timeout) = (v.int("items"), v.get("delay"), v.get("join_timeout"));
    let q = Queue::<Option<usize>>::new("q", 0);
    let qp = q.clone();
    let producer = start(th.rt(), "Thread-1 (producer)", move |t| {
        for i in 0..items {
            qp.put(t, Some(i))?;
            t.print(format!("生产 {i}"));
            t.sleep(delay)?;
        }
        Ok(())
    });
    let qc = q.clone();
    let consumer = start(th.rt(), "Thread-2 (consumer)", move |t| {
        // `None` is the sentinel: the loop ends there.
        while let Some(item) = qc.get(t)? {
            t.print(format!("消费 {item}"));
            qc.task_done()?;
        }
        Ok(())
    });
    if variant == "published" {
        producer.join_timeout(th, timeout)?;
        consumer.join_timeout(th, timeout)?;
        q.put(th, None)?;
        // The main program ends here; Python then waits for the threads that are still running.
        producer.join(th)?;
        consumer.join(th)
    } else {
        producer.join(th)?;
        q.put(th, None)?;
        consumer.join(th)
    }
}
