//! # thread-queue-empty-race: `q.empty()` is not "the producer has finished"
//!
//! A producer thread puts 0‥4 on a `queue.Queue`, printing `Produced i`; a consumer thread prints
//! `Consumed i` for each. Corrected, the consumer blocks in `q.get()` and stops at a `None` the
//! producer sends last: all five are consumed, in order, whatever the timing.
//! The published consumer loops `while not q.empty()`. An empty queue only says that nothing is
//! there at this moment: if the consumer looks before the producer has put the next item, it quits
//! and the rest is never consumed. With the published producer (no pause) the consumer usually
//! wins the race late enough to see all five, but not always; the `gap` parameter gives the
//! producer a pause before each item (time to make it), and the early quit then really happens.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::check_threads;
use crate::core::threads::Th;
use super::thread_sync::Queue;

pub static LESSON: Lesson = Lesson {
    id: "thread-queue-empty-race",
    chapter: Chapter::Queues,
    title: Text { en: "queue.Queue: empty() is a race", zh: "queue.Queue：empty() 是一场竞争" },
    concept: Text {
        en: "q.empty() answers for one instant: by the time the caller acts on it, another thread may have put an item in. Used as the loop condition of a consumer, it mistakes \"nothing yet\" for \"nothing more\", so the consumer can stop while the producer is still working. A blocking q.get() plus an end marker from the producer ends the loop exactly when the data ends.",
        zh: "q.empty() 只对调用那一瞬间负责：等调用者据此行动时，别的线程可能已经放进了新数据。把它当作消费者循环的条件，就会把“暂时没有”误当成“不会再有”，于是生产者还在工作时消费者就可能退出。用阻塞的 q.get() 加上生产者发出的结束标记，循环才会恰好在数据结束时结束。",
    },
    expect: Text {
        en: "Produced 0‥4 in order and Consumed 0‥4 in order; total ≈ items × gap. Published variant: with a gap the consumer finds the queue empty and quits early (fewer Consumed lines, often none).",
        zh: "Produced 0‥4 按顺序，Consumed 0‥4 按顺序；总耗时 ≈ 数据个数 × 间隔。原始程序变体：有间隔时消费者看到空队列就提前退出（Consumed 行变少，常常一行都没有）。",
    },
    params: &[
        Param { name: "items", label: Text { en: "items", zh: "数据个数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 1000.0 },
        Param { name: "gap", label: Text { en: "producer's pause before each item (s)", zh: "生产者每个数据前的停顿（秒）" }, kind: Kind::Seconds, default: 0.05, min: 0.0, max: 10.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "get() until a None marker", zh: "get() 直到遇到 None 标记" },
            about: Text { en: "The corrected consumer: it waits for items and stops at the producer's marker.", zh: "修正后的消费者：等待数据，遇到生产者的结束标记才停止。" },
        },
        Variant {
            key: "published",
            label: Text { en: "as published: while not q.empty()", zh: "原始程序：while not q.empty()" },
            about: Text {
                en: "The consumer stops the first time it finds the queue empty, even though more items are coming.",
                zh: "消费者第一次看到队列为空就停止，尽管后面还有数据要来。",
            },
        },
    ],
    listing: |variant| if variant == "published" { PUBLISHED } else { FIXED },
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("thread_queue_empty_race.rs"),
};

const FIXED: &str = r#"import threading
import queue
import time

def producer(q):
    for i in range({{items}}):
        time.sleep({{gap}})  # making an item takes a while (0 in the published program)
        q.put(i)
        print(f"Produced {i}")
    q.put(None)  # no more items

def consumer(q):
    while True:
        item = q.get()  # waits for the next item
        if item is None:
            break
        print(f"Consumed {item}")

q = queue.Queue()
threads = []

t1 = threading.Thread(target=producer, args=(q,))
t2 = threading.Thread(target=consumer, args=(q,))

threads.append(t1)
threads.append(t2)

t1.start()
t2.start()

for t in threads:
    t.join()
"#;

const PUBLISHED: &str = r#"import threading
import queue
import time

def producer(q):
    for i in range({{items}}):
        time.sleep({{gap}})  # making an item takes a while (0 in the published program)
        q.put(i)
        print(f"Produced {i}")

def consumer(q):
    while not q.empty():  # "empty now" is taken for "finished"
        item = q.get()
        print(f"Consumed {item}")

q = queue.Queue()
threads = []

t1 = threading.Thread(target=producer, args=(q,))
t2 = threading.Thread(target=consumer, args=(q,))

threads.append(t1)
threads.append(t2)

t1.start()
t2.start()

for t in threads:
    t.join()
"#;

fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.int("items") as f64 * v.get("gap") * 1000.0)
}

fn check(_: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("items", 3, env)
}

fn main(th: &Th, v: &Values, variant: &'static str) -> Result<(), RunError> {
    let (items, gap) = (v.int("items"), v.get("gap"));
    let published = variant == "published";
    let q = Queue::<Option<usize>>::new("q", 0);
    let qp = q.clone();
    let t1 = th.rt().start("Thread-1 (producer)", move |t| {
        for i in 0..items {
            t.sleep(gap)?;
            qp.put(t, Some(i))?;
            t.print(format!("Produced {i}"));
        }
        if !published {
            qp.put(t, None)?;
        }
        Ok(())
    });
    let qc = q.clone();
    let t2 = th.rt().start("Thread-2 (consumer)", move |t| {
        if published {
            // The check and the get are two steps; only this consumer takes items, so an item
            // seen by empty() is still there for get().
            while !qc.empty() {
                if let Some(item) = qc.get(t)? {
                    t.print(format!("Consumed {item}"));
                }
            }
        } else {
            while let Some(item) = qc.get(t)? {
                t.print(format!("Consumed {item}"));
            }
        }
        Ok(())
    });
    t1.join(th)?;
    t2.join(th)
}
