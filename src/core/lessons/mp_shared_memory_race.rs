//! # mp-shared-memory-race: a writer and a reader with nothing to order them
//!
//! A writer process sets `shared_value.value = 123` and `shared_array[0] = 456`; a reader process
//! prints both. The published program starts the two together, so nothing says the write comes
//! before the read: usually it does and the reader prints `123 456`, sometimes the reader is
//! quicker and prints `0 0`. `delay` is work the writer does before writing (with 0 it is the
//! published writer): the longer it is, the surer the reader wins the race.
//!
//! The corrected program orders the two: it joins the writer before starting the reader, so the
//! reader always sees `123 456`, at about `delay`. The `race` variant starts both at once and, with
//! any delay, really reads the memory before the writer has touched it: `0 0`.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, Shared, Target};

pub static LESSON: Lesson = Lesson {
    id: "mp-shared-memory-race",
    chapter: Chapter::Synchronisation,
    title: Text { en: "Shared memory: order the writer before the reader", zh: "共享内存：让写入者先于读取者" },
    concept: Text {
        en: "Value and Array give two processes the same memory, but not an order: if a writer and a reader are started together, the reader may look before the writer has written, and it then sees the initial zeros. Shared memory says where the data is, never when it is ready. Something has to carry the \"it is written\" news: joining the writer before starting the reader (as here), an Event the writer sets, or a message on a Queue. In the page, shared memory needs a cross-origin-isolated page (SharedArrayBuffer); without it, Value() raises OSError and the page says so.",
        zh: "Value 和 Array 让两个进程访问同一块内存，却不提供先后顺序：如果写入进程和读取进程同时启动，读取方可能在写入之前就去读，看到的是初始的 0。共享内存只说明数据在哪里，从不说明数据何时准备好。必须有别的东西传达“已经写好了”：在启动读取者之前 join 写入者（本例的做法）、由写入者 set 的 Event，或者 Queue 里的一条消息。在网页中，共享内存需要页面处于跨源隔离状态（SharedArrayBuffer）；否则 Value() 会抛出 OSError，页面会给出提示。",
    },
    expect: Text {
        en: "Corrected: `123 456`, at about the writer's delay. Race variant: `0 0`, because the reader reads while the writer is still working; with delay 0 either answer can appear.",
        zh: "修正后：`123 456`，约在写入者的 delay 之后出现。race 变体：`0 0`，因为读取者在写入者还在工作时就读了；delay 为 0 时两种结果都可能出现。",
    },
    params: &[Param { name: "delay", label: Text { en: "writer works before writing (s)", zh: "写入者写入前的工作时间（秒）" }, kind: Kind::Seconds, default: 0.2, min: 0.0, max: 10.0 }],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "corrected: join the writer first", zh: "修正后：先 join 写入者" },
            about: Text {
                en: "The reader is started only after the writer has ended, so the values are there when it looks.",
                zh: "写入者结束之后才启动读取者，所以读取时数据已经在那里了。",
            },
        },
        Variant {
            key: "race",
            label: Text { en: "as published: both started together", zh: "原文：同时启动" },
            about: Text {
                en: "The published order: start both, then join both. Nothing makes the write come first; with the writer busy for a moment, the reader prints the initial 0 0.",
                zh: "原文的顺序：先同时启动，再分别 join。没有任何机制保证先写后读；写入者稍有耽搁，读取者就会打印初始的 0 0。",
            },
        },
    ],
    listing: |variant| if variant == "race" { LISTING_RACE } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_shared_memory_race.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("mp-shared-memory-race.writer", writer), ("mp-shared-memory-race.reader", reader)];

const LISTING: &str = r#"from multiprocessing import Process, Value, Array
import time

def writer(shared_value, shared_array):
    time.sleep({{delay}})  # whatever the writer does before writing
    shared_value.value = 123
    shared_array[0] = 456

def reader(shared_value, shared_array):
    value = shared_value.value
    array_value = shared_array[0]
    print(value, array_value)

if __name__ == '__main__':
    shared_value = Value('i')
    shared_array = Array('i', range(10))

    writer_process = Process(target=writer, args=(shared_value, shared_array))
    reader_process = Process(target=reader, args=(shared_value, shared_array))

    writer_process.start()
    writer_process.join()  # the write is done before the reader starts

    reader_process.start()
    reader_process.join()
"#;

const LISTING_RACE: &str = r#"from multiprocessing import Process, Value, Array
import time

def writer(shared_value, shared_array):
    time.sleep({{delay}})  # whatever the writer does before writing
    shared_value.value = 123
    shared_array[0] = 456

def reader(shared_value, shared_array):
    value = shared_value.value
    array_value = shared_array[0]
    print(value, array_value)

if __name__ == '__main__':
    shared_value = Value('i')
    shared_array = Array('i', range(10))

    writer_process = Process(target=writer, args=(shared_value, shared_array))
    reader_process = Process(target=reader, args=(shared_value, shared_array))

    writer_process.start()
    reader_process.start()  # nothing orders the read after the write

    writer_process.join()
    reader_process.join()
"#;

/// The writer's delay, in both orders (the reader itself waits for nothing).
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(v.get("delay") * 1000.0)
}

fn writer(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(value, array, delay): (Shared, Shared, f64)| async move {
        ctx.sleep(delay).await?;
        ctx.store(&value, 0, 123)?;
        ctx.store(&array, 0, 456)?;
        Ok(())
    })
}

fn reader(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(value, array): (Shared, Shared)| async move {
        let v = ctx.load(&value, 0)?;
        let a = ctx.load(&array, 0)?;
        ctx.print(format!("{v} {a}"));
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let shared_value = ctx.value(0, true)?;
        let initial: Vec<i32> = (0..10).collect();
        let shared_array = ctx.array(&initial, true)?;
        let shared = [shared_value, shared_array];
        let mut w = ctx.process("mp-shared-memory-race.writer", &(shared_value, shared_array, v.get("delay")), "writer(...)", &shared)?;
        let mut r = ctx.process("mp-shared-memory-race.reader", &(shared_value, shared_array), "reader(...)", &shared)?;
        if variant == "race" {
            w.start()?;
            r.start()?;
            w.join().await?;
            r.join().await?;
        } else {
            w.start()?;
            w.join().await?;
            r.start()?;
            r.join().await?;
        }
        Ok(())
    }
    .boxed_local()
}
