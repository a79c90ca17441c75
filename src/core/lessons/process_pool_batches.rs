//! # process-pool-batches: a process pool over batches, merged with `as_completed`
//!
//! Fifteen numbers are cut into three batches; a `ProcessPoolExecutor` of three workers turns
//! every number of a batch into a record (the number, its square, its factorial) and returns the
//! batch id with the records. The parent merges the batches as they complete with
//! `as_completed`, so `批次 k 处理完成` comes in completion order, and the three sample rows printed
//! at the end are the first rows of whichever batch finished first. Each batch also sleeps a
//! little (a stand-in for heavier work; 0 is the published program), so the waves are visible.
//!
//! The published program has two defects, each a variant. `local`: the worker function is
//! defined inside another function, so no worker process can find it; every future fails, the
//! `except` in the loop prints `批次处理出错: …` for each, and the program reports 0 items without
//! crashing. `published-factorial`: its 'factorial' is `item * (item - 1)`, which agrees with n!
//! only for n ≤ 3 (the sample rows of batch 0 happen to look right); the corrected program uses
//! `math.factorial`, computed here exactly, with as many digits as it takes. The published
//! `processed_at` wall-clock stamp is left out so that the output is the same on every run.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::lessons::waves;
use crate::core::process::{as_completed, encode, typed, Bytes, Ctx, Target};

pub static LESSON: Lesson = Lesson {
    id: "process-pool-batches",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "Processing batches in a process pool and merging the results", zh: "用进程池分批处理数据并合并结果" },
    concept: Text {
        en: "A common shape for data work: split the input into batches, submit one task per batch to a ProcessPoolExecutor, and merge the results with as_completed as each batch comes back. Each task returns its batch id along with its records, because completion order is not submission order: the merged list is ordered by which batch finished first. Catching exceptions per future keeps one bad batch from stopping the others, but check the count at the end: when every batch fails, the program still finishes, with nothing in it.",
        zh: "数据处理的常见模式：把输入切成若干批，每批向 ProcessPoolExecutor 提交一个任务，再用 as_completed 在每批返回时合并结果。每个任务连同记录一起返回自己的批次编号，因为完成顺序不等于提交顺序：合并后的列表按哪一批先完成来排列。对每个 Future 单独捕获异常，可以避免一批出错拖垮其他批次；但最后要核对数量：如果所有批次都失败，程序照样结束，只是结果为空。",
    },
    expect: Text {
        en: "Three `进程 <pid> 处理批次 k` lines, three `批次 k 处理完成` lines in completion order, `总共处理了 15 个数据项`, then the first three records of the batch that finished first, each with its real factorial. The published code reports 0 items (local function) or wrong factorials from 4 on.",
        zh: "三行 `进程 <pid> 处理批次 k`，三行按完成先后排列的 `批次 k 处理完成`，`总共处理了 15 个数据项`，然后是最先完成那一批的前三条记录，阶乘都是真正的阶乘。原文代码则报告 0 个数据项（局部函数），或从 4 开始算错阶乘。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "max_workers", zh: "max_workers（进程数）" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 16.0 },
        Param { name: "batches", label: Text { en: "number of batches", zh: "批次数" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 10.0 },
        Param { name: "size", label: Text { en: "numbers per batch", zh: "每批的数字个数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 20.0 },
        Param { name: "delay", label: Text { en: "extra work per batch (s)", zh: "每批的额外工作时间（秒）" }, kind: Kind::Seconds, default: 0.3, min: 0.0, max: 5.0 },
        Param { name: "sample", label: Text { en: "sample rows printed", zh: "打印的示例条数" }, kind: Kind::Int, default: 3.0, min: 0.0, max: 20.0 },
    ],
    variants: &[
        Variant { key: "", label: Text { en: "corrected", zh: "修正后" }, about: Text { en: "", zh: "" } },
        Variant {
            key: "local",
            label: Text { en: "as published: a local function", zh: "原文：局部函数" },
            about: Text {
                en: "process_data_batch is defined inside concurrent_data_processor(), so the worker processes cannot look it up by name and every future fails. The except in the loop prints each failure and the program goes on to report 0 processed items, with no sample rows.",
                zh: "process_data_batch 定义在 concurrent_data_processor() 内部，工作进程无法按名字找到它，每个 Future 都失败了。循环里的 except 打印每个错误，程序继续运行，最后报告处理了 0 个数据项，没有示例行。",
            },
        },
        Variant {
            key: "published-factorial",
            label: Text { en: "as published: 'factorial' = n × (n − 1)", zh: "原文：'factorial' = n × (n − 1)" },
            about: Text {
                en: "With the function moved to module level the program runs, but its 'factorial' is item * (item - 1). That matches n! for 1, 2 and 3, so when batch 0 finishes first the three sample rows look right; from 4 on it is wrong (4 × 3 = 12, not 24). Raise the sample rows, or look at any other batch, to see it.",
                zh: "把函数移到模块顶层后程序能运行，但它的 'factorial' 是 item * (item - 1)。对 1、2、3 它恰好等于 n!，所以当第 0 批最先完成时，三条示例看起来是对的；从 4 开始就错了（4 × 3 = 12，而不是 24）。增加示例条数，或看其他批次，就能发现。",
            },
        },
    ],
    listing: |variant| match variant {
        "local" => LISTING_LOCAL,
        "published-factorial" => LISTING_PUBLISHED_FACTORIAL,
        _ => LISTING,
    },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("process_pool_batches.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("process-pool-batches.process_data_batch", process_data_batch)];

/// What the published program submits: a function local to `concurrent_data_processor`, which no
/// process can find by name (deliberately absent from [`TARGETS`]).
pub const LOCAL_TARGET: &str = "process-pool-batches.concurrent_data_processor.<locals>.process_data_batch";

const LISTING: &str = r#"import math
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

def process_data_batch(batch_id, data_batch):
    """处理数据批次"""
    process_id = os.getpid()
    print(f"进程 {process_id} 处理批次 {batch_id}")
    processed_batch = []
    for item in data_batch:
        processed_item = {
            'original': item,
            'squared': item ** 2,
            'factorial': math.factorial(item),
        }
        processed_batch.append(processed_item)
    time.sleep({{delay}})  # stand-in for heavier work (0: as published)
    return batch_id, processed_batch

def concurrent_data_processor():
    print("=== 并发数据处理系统 ===")
    size = {{size}}
    data_batches = [list(range(i * size + 1, (i + 1) * size + 1)) for i in range({{batches}})]

    with ProcessPoolExecutor(max_workers={{workers}}) as executor:
        futures = [
            executor.submit(process_data_batch, i, batch)
            for i, batch in enumerate(data_batches)
        ]
        all_results = []
        for future in as_completed(futures):  # completion order
            try:
                batch_id, processed_batch = future.result()
                all_results.extend(processed_batch)
                print(f"批次 {batch_id} 处理完成")
            except Exception as e:
                print(f"批次处理出错: {e}")

    print(f"总共处理了 {len(all_results)} 个数据项")
    print("处理结果示例:")
    for item in all_results[:{{sample}}]:  # from the batch that finished first
        print(f"  {item}")

if __name__ == '__main__':
    concurrent_data_processor()
"#;

const LISTING_PUBLISHED_FACTORIAL: &str = r#"import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

def process_data_batch(batch_id, data_batch):
    """处理数据批次"""
    process_id = os.getpid()
    print(f"进程 {process_id} 处理批次 {batch_id}")
    processed_batch = []
    for item in data_batch:
        processed_item = {
            'original': item,
            'squared': item ** 2,
            'factorial': 1 if item <= 1 else item * (item - 1),  # not a factorial
        }
        processed_batch.append(processed_item)
    time.sleep({{delay}})
    return batch_id, processed_batch

def concurrent_data_processor():
    print("=== 并发数据处理系统 ===")
    size = {{size}}
    data_batches = [list(range(i * size + 1, (i + 1) * size + 1)) for i in range({{batches}})]

    with ProcessPoolExecutor(max_workers={{workers}}) as executor:
        futures = [
            executor.submit(process_data_batch, i, batch)
            for i, batch in enumerate(data_batches)
        ]
        all_results = []
        for future in as_completed(futures):
            try:
                batch_id, processed_batch = future.result()
                all_results.extend(processed_batch)
                print(f"批次 {batch_id} 处理完成")
            except Exception as e:
                print(f"批次处理出错: {e}")

    print(f"总共处理了 {len(all_results)} 个数据项")
    print("处理结果示例:")
    for item in all_results[:{{sample}}]:
        print(f"  {item}")

if __name__ == '__main__':
    concurrent_data_processor()
"#;

const LISTING_LOCAL: &str = r#"import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime

def concurrent_data_processor():
    """并发数据处理系统"""
    print("=== 并发数据处理系统 ===")

    def process_data_batch(batch_id, data_batch):  # local: cannot be pickled
        """处理数据批次"""
        import os
        process_id = os.getpid()
        print(f"进程 {process_id} 处理批次 {batch_id}")
        processed_batch = []
        for item in data_batch:
            processed_item = {
                'original': item,
                'squared': item ** 2,
                'factorial': 1 if item <= 1 else item * (item - 1),
                'processed_at': datetime.now().strftime('%H:%M:%S')
            }
            processed_batch.append(processed_item)
        time.sleep({{delay}})
        return batch_id, processed_batch

    size = {{size}}
    data_batches = [list(range(i * size + 1, (i + 1) * size + 1)) for i in range({{batches}})]

    with ProcessPoolExecutor(max_workers={{workers}}) as executor:
        futures = [
            executor.submit(process_data_batch, i, batch)
            for i, batch in enumerate(data_batches)
        ]
        all_results = []
        for future in as_completed(futures):
            try:
                batch_id, processed_batch = future.result()
                all_results.extend(processed_batch)
                print(f"批次 {batch_id} 处理完成")
            except Exception as e:
                print(f"批次处理出错: {e}")  # every batch ends up here

    print(f"总共处理了 {len(all_results)} 个数据项")  # 0
    print("处理结果示例:")
    for item in all_results[:{{sample}}]:
        print(f"  {item}")

concurrent_data_processor()
"#;

/// The model: ceil(batches / workers) waves of the extra sleep. The local function never runs.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    if variant == "local" {
        return Some(0.0);
    }
    Some(waves(v.int("batches"), v.int("workers")) * (v.get("delay") * 1000.0))
}

/// One record: `{'original': ..., 'squared': ..., 'factorial': ...}`. The factorial is decimal
/// digits, since n! outgrows every machine integer long before Python's ints notice.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Record {
    original: u64,
    squared: u64,
    factorial: String,
}

impl Record {
    /// The dict as Python prints it.
    fn repr(&self) -> String {
        format!("{{'original': {}, 'squared': {}, 'factorial': {}}}", self.original, self.squared, self.factorial)
    }
}

/// `math.factorial(n)`, exactly, in decimal: limbs of nine digits, least significant first.
pub fn factorial(n: u64) -> String {
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![1];
    for k in 2..=n {
        let mut carry = 0u64;
        for limb in limbs.iter_mut() {
            let v = *limb * k + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    out
}

/// The published formula: `1 if item <= 1 else item * (item - 1)`.
pub fn published_factorial(n: u64) -> String {
    if n <= 1 { "1".into() } else { (n * (n - 1)).to_string() }
}

/// `process_data_batch(batch_id, data_batch)` in a worker process. `published` picks the
/// published program's formula (the variant), `delay` is the extra work.
fn process_data_batch(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(batch_id, data_batch, delay, published): (usize, Vec<u64>, f64, bool)| async move {
        ctx.print(format!("进程 {} 处理批次 {batch_id}", ctx.pid()));
        let mut processed_batch = Vec::new();
        for item in data_batch {
            ctx.check_stop()?;
            let factorial = if published { published_factorial(item) } else { factorial(item) };
            processed_batch.push(Record { original: item, squared: item * item, factorial });
        }
        ctx.sleep(delay).await?;
        Ok((batch_id, processed_batch))
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (workers, batches, size, delay, sample) = (v.int("workers"), v.int("batches") as u64, v.int("size") as u64, v.get("delay"), v.int("sample"));
        let target = if variant == "local" { LOCAL_TARGET } else { "process-pool-batches.process_data_batch" };
        let published = variant == "published-factorial";
        ctx.print("=== 并发数据处理系统 ===");
        let data_batches: Vec<Vec<u64>> = (0..batches).map(|i| (i * size + 1..(i + 1) * size + 1).collect()).collect();

        let executor = ctx.pool(workers, true)?;
        let mut futures = Vec::new();
        for (i, batch) in data_batches.into_iter().enumerate() {
            futures.push(executor.submit_raw(target, encode(&(i, batch, delay, published))?, format!("process_data_batch({i}, data_batches[{i}])"), i)?);
        }
        let mut all_results: Vec<Record> = Vec::new();
        let mut done = Box::pin(as_completed::<(usize, Vec<Record>)>(futures));
        while let Some((_, result)) = done.next().await {
            match result {
                Ok((batch_id, processed_batch)) => {
                    all_results.extend(processed_batch);
                    ctx.print(format!("批次 {batch_id} 处理完成"));
                }
                // `except Exception as e`: str(e) is the message alone. Stop is not an Exception.
                Err(RunError::Py { message, .. }) => ctx.print(format!("批次处理出错: {message}")),
                Err(other) => return Err(other),
            }
        }
        // Leaving the `with` block: shutdown(wait=True).
        executor.close_join().await?;

        ctx.print(format!("总共处理了 {} 个数据项", all_results.len()));
        ctx.print("处理结果示例:");
        for item in all_results.iter().take(sample) {
            ctx.print(format!("  {}", item.repr()));
        }
        Ok(())
    }
    .boxed_local()
}
