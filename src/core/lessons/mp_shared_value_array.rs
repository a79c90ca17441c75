//! # mp-shared-value-array: `Value` and `Array` in shared memory, and their lock
//!
//! The parent creates `Value('i', 0)` and `Array('i', [1, 2, 3, 4, 5])` and starts 5 processes;
//! process `num` adds `num` to the value and to every array element, `repeat` times. With
//! `repeat = 1` this is the published program: `shared_num: 10`, `shared_arr: [11, 12, 13, 14, 15]`.
//! Every process writes the same memory for real (a SharedArrayBuffer in the page, atomics
//! natively), so the result depends on how the read-modify-writes interleave.
//!
//! `x += n` is a read followed by a write. The corrected program does each under the object's
//! lock (`with shared_num.get_lock():`), and never loses an update. The `no-lock` variant is the
//! published code: two processes can read the same old value and the later write wipes out the
//! earlier one. `pause` is busy work between the value's read and its write, to widen that window;
//! with several processes, many repeats and a pause, updates are lost on most runs.

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Ctx, Shared, Target};
use crate::core::lessons::pool_map_square::py_list;

pub static LESSON: Lesson = Lesson {
    id: "mp-shared-value-array",
    chapter: Chapter::Synchronisation,
    title: Text { en: "Shared Value and Array, with and without their lock", zh: "共享的 Value 与 Array：加锁与不加锁" },
    concept: Text {
        en: "Processes do not share variables, but multiprocessing.Value and Array put a number or an array of numbers in memory that several processes map at once. Each comes with a lock (get_lock()). Reading .value and assigning it are each safe on their own, but `+=` is a read followed by a write, and another process can write in between: one of the two updates is then lost. Holding the lock around the whole read-modify-write makes it indivisible. In the page, shared memory needs a cross-origin-isolated page (SharedArrayBuffer); where it is missing, Value() raises OSError and the page says so.",
        zh: "进程之间不共享变量，但 multiprocessing.Value 和 Array 把一个数或一组数放进可以同时映射到多个进程的内存里。它们都自带一把锁（get_lock()）。单独读取 .value 或单独赋值都是安全的，但 `+=` 是先读后写，另一个进程可能在中间写入，于是两次更新中会丢失一次。在整个读-改-写期间持有锁，就能让它不可分割。在网页中，共享内存需要页面处于跨源隔离状态（SharedArrayBuffer）；如果不具备，Value() 会抛出 OSError，页面会给出提示。",
    },
    expect: Text {
        en: "Corrected: shared_num is exactly repeat × (0 + 1 + … + processes−1) and every array element grows by the same amount (repeat = 1, 5 processes: `shared_num: 10`, `shared_arr: [11, 12, 13, 14, 15]`). No-lock: with the defaults shared_num usually comes out smaller, and differs from run to run.",
        zh: "修正后：shared_num 恰好等于 repeat × (0 + 1 + … + 进程数−1)，数组每个元素都增加同样的量（repeat = 1、5 个进程时：`shared_num: 10`、`shared_arr: [11, 12, 13, 14, 15]`）。不加锁：在默认参数下 shared_num 通常偏小，而且每次运行都不同。",
    },
    params: &[
        Param { name: "processes", label: Text { en: "processes", zh: "进程数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 16.0 },
        Param { name: "repeat", label: Text { en: "updates per process", zh: "每个进程的更新次数" }, kind: Kind::Int, default: 2000.0, min: 1.0, max: 100000.0 },
        Param { name: "pause", label: Text { en: "busy loop between read and write", zh: "读写之间的空转次数" }, kind: Kind::Int, default: 2000.0, min: 0.0, max: 1000000.0 },
    ],
    variants: &[
        Variant {
            key: "",
            label: Text { en: "corrected: with get_lock()", zh: "修正后：使用 get_lock()" },
            about: Text {
                en: "Each read-modify-write runs while holding the object's own lock.",
                zh: "每次读-改-写都在持有对象自带的锁时进行。",
            },
        },
        Variant {
            key: "no-lock",
            label: Text { en: "as published: plain +=", zh: "原文：直接 +=" },
            about: Text {
                en: "The published worker: `+=` without the lock. Another process can write between the read and the write, and that update is lost.",
                zh: "原文的 worker：不加锁直接 `+=`。另一个进程可能在读和写之间写入，那次更新就丢失了。",
            },
        },
    ],
    listing: |variant| if variant == "no-lock" { LISTING_NO_LOCK } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("mp_shared_value_array.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("mp-shared-value-array.worker", worker)];

const LISTING: &str = r#"from multiprocessing import Process, Value, Array

def worker(num, shared_num, shared_arr):
    for _ in range({{repeat}}):
        with shared_num.get_lock():  # nobody else gets in between the read and the write
            v = shared_num.value
            for _ in range({{pause}}):  # the same gap as without the lock
                pass
            shared_num.value = v + num
        with shared_arr.get_lock():
            for i in range(len(shared_arr)):
                shared_arr[i] += num

if __name__ == '__main__':
    shared_num = Value('i', 0)
    shared_arr = Array('i', [1, 2, 3, 4, 5])

    processes = []
    for i in range({{processes}}):
        p = Process(target=worker, args=(i, shared_num, shared_arr))
        processes.append(p)
        p.start()

    for p in processes:
        p.join()

    print("shared_num:", shared_num.value)
    print("shared_arr:", list(shared_arr))
"#;

const LISTING_NO_LOCK: &str = r#"from multiprocessing import Process, Value, Array

def worker(num, shared_num, shared_arr):
    for _ in range({{repeat}}):
        # shared_num.value += num, spelled out: a read, then a write
        v = shared_num.value
        for _ in range({{pause}}):  # any work here widens the gap
            pass
        shared_num.value = v + num
        for i in range(len(shared_arr)):
            shared_arr[i] += num

if __name__ == '__main__':
    shared_num = Value('i', 0)
    shared_arr = Array('i', [1, 2, 3, 4, 5])

    processes = []
    for i in range({{processes}}):
        p = Process(target=worker, args=(i, shared_num, shared_arr))
        processes.append(p)
        p.start()

    for p in processes:
        p.join()

    print("shared_num:", shared_num.value)
    print("shared_arr:", list(shared_arr))
"#;

/// CPU work only, no waits to model.
fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    None
}

fn worker(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(num, num_v, arr, repeat, pause, locked): (i32, Shared, Shared, u32, u32, bool)| async move {
        for r in 0..repeat {
            if r % 256 == 0 {
                ctx.check_stop()?;
            }
            ctx.add(&num_v, 0, num, locked, pause)?;
            if locked {
                ctx.with_lock(&arr, || {
                    for i in 0..arr.len {
                        ctx.store(&arr, i, ctx.load(&arr, i)?.wrapping_add(num))?;
                    }
                    Ok(())
                })?;
            } else {
                for i in 0..arr.len {
                    ctx.add(&arr, i, num, false, 0)?;
                }
            }
        }
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let locked = variant != "no-lock";
        let (n, repeat, pause) = (v.int("processes") as i32, v.int("repeat") as u32, v.int("pause") as u32);
        // Value('i', 0) and Array('i', [...]) come with a lock either way; the variants differ in using it.
        let shared_num = ctx.value(0, true)?;
        let shared_arr = ctx.array(&[1, 2, 3, 4, 5], true)?;
        let mut processes = Vec::new();
        for i in 0..n {
            let args = (i, shared_num, shared_arr, repeat, pause, locked);
            let mut p = ctx.process("mp-shared-value-array.worker", &args, format!("worker({i})"), &[shared_num, shared_arr])?;
            p.start()?;
            processes.push(p);
        }
        for p in &processes {
            p.join().await?;
        }
        ctx.print(format!("shared_num: {}", ctx.load(&shared_num, 0)?));
        let arr: Vec<i32> = (0..shared_arr.len).map(|i| ctx.load(&shared_arr, i)).collect::<Result<_, _>>()?;
        ctx.print(format!("shared_arr: {}", py_list(&arr)));
        Ok(())
    }
    .boxed_local()
}
