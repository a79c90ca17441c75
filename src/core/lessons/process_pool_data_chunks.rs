//! # process-pool-data-chunks: `submit` + `as_completed` over chunks of data
//!
//! The data is cut into chunks ([1..5], [6..10], [11..15]); each chunk is submitted to a
//! `ProcessPoolExecutor` of three workers, which squares its numbers, sleeps 0.5 s (the published
//! stand-in for processing time) and returns a dict with the pid and the sum. `as_completed`
//! yields the futures as they finish, so the `处理完成` lines (sums 55, 330 and 855) come in
//! completion order, which varies from run to run; the total, 1240, is printed after the pool has
//! shut down, at about one sleep when there are as many workers as chunks.
//!
//! The published program defines the worker function locally, so it cannot be sent to a process.
//! Unlike `fib-process-pool` this one does not crash: the `try/except Exception` in the loop
//! catches every failed future, prints `处理出错: …` and carries on, and the program ends
//! reporting a total of 0 — a silent wrong result. The variant `local` runs exactly that.

use futures::future::{FutureExt, LocalBoxFuture};
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::lessons::pool_map_square::py_list;
use crate::core::lessons::waves;
use crate::core::process::{as_completed, encode, typed, Bytes, Ctx, Target};

pub static LESSON: Lesson = Lesson {
    id: "process-pool-data-chunks",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "ProcessPoolExecutor: submit and as_completed over data chunks", zh: "ProcessPoolExecutor：对数据块 submit 并用 as_completed 收集" },
    concept: Text {
        en: "submit(f, arg) hands one call to the pool and returns a Future at once. as_completed(futures) then gives those futures back one by one as each finishes, so results can be handled as soon as they exist rather than in submission order. future.result() returns the value or re-raises the exception from the worker; a try/except around it keeps one failed chunk from stopping the rest, but it can also hide a failure that affects every chunk.",
        zh: "submit(f, arg) 把一次调用交给进程池，并立即返回一个 Future。as_completed(futures) 按完成的先后逐个交还这些 Future，因此结果一产生就能处理，而不必按提交顺序等待。future.result() 返回值，或者重新抛出工作进程里的异常；用 try/except 包住它，可以让一个数据块的失败不影响其余的，但也可能把所有数据块都失败的情况掩盖掉。",
    },
    expect: Text {
        en: "Three `进程 <pid> 处理数据块: [...]` lines, then `处理完成` lines with sums 55, 330 and 855 in completion order (any order), then `所有数据块的和: 1240` at about 0.5 s plus start-up. The published local function prints three `处理出错` lines and a total of 0.",
        zh: "三行 `进程 <pid> 处理数据块: [...]`，然后是和为 55、330、855 的 `处理完成` 行，按完成先后排列（顺序不定），最后在约 0.5 秒（另加进程启动时间）打印 `所有数据块的和: 1240`。原文的局部函数会打印三行 `处理出错`，总和为 0。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "max_workers", zh: "max_workers（进程数）" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 16.0 },
        Param { name: "chunks", label: Text { en: "number of chunks", zh: "数据块个数" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 20.0 },
        Param { name: "size", label: Text { en: "numbers per chunk", zh: "每块的数字个数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 100.0 },
        Param { name: "delay", label: Text { en: "processing time per chunk (s)", zh: "每块的处理时间（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 5.0 },
    ],
    variants: &[
        Variant { key: "", label: Text { en: "corrected: module-level function", zh: "修正后：函数定义在模块顶层" }, about: Text { en: "", zh: "" } },
        Variant {
            key: "local",
            label: Text { en: "as published: a local function", zh: "原文：局部函数" },
            about: Text {
                en: "parallel_data_processing is defined inside advanced_process_pool(), so no worker process can find it by name and every future fails. The except clause in the loop catches each failure and prints it, nothing is added to the results, and the program ends normally announcing a total of 0.",
                zh: "parallel_data_processing 定义在 advanced_process_pool() 内部，工作进程无法按名字找到它，每个 Future 都失败了。循环里的 except 逐个捕获并打印这些异常，结果列表里什么也没加进去，程序照常结束，报告总和为 0。",
            },
        },
    ],
    listing: |variant| if variant == "local" { LISTING_LOCAL } else { LISTING },
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("process_pool_data_chunks.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("process-pool-data-chunks.parallel_data_processing", parallel_data_processing)];

/// What the published program submits: a function local to `advanced_process_pool`, which no
/// process can find by name (deliberately absent from [`TARGETS`]).
pub const LOCAL_TARGET: &str = "process-pool-data-chunks.advanced_process_pool.<locals>.parallel_data_processing";

const LISTING: &str = r#"import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

def parallel_data_processing(data_chunk):
    """并行数据处理"""
    process_id = os.getpid()
    print(f"进程 {process_id} 处理数据块: {data_chunk}")
    processed_data = [x ** 2 for x in data_chunk]
    time.sleep({{delay}})  # 模拟处理时间
    return {
        'process_id': process_id,
        'original': data_chunk,
        'processed': processed_data,
        'sum': sum(processed_data)
    }

def advanced_process_pool():
    print("=== 高级进程池操作 ===")
    size = {{size}}
    data_chunks = [list(range(i * size + 1, (i + 1) * size + 1)) for i in range({{chunks}})]

    with ProcessPoolExecutor(max_workers={{workers}}) as executor:
        futures = [executor.submit(parallel_data_processing, chunk) for chunk in data_chunks]
        results = []
        for future in as_completed(futures):  # completion order
            try:
                result = future.result()
                results.append(result)
                print(f"处理完成: 进程 {result['process_id']}, 和: {result['sum']}")
            except Exception as e:
                print(f"处理出错: {e}")

    total_sum = sum(result['sum'] for result in results)
    print(f"所有数据块的和: {total_sum}")

if __name__ == '__main__':
    advanced_process_pool()
"#;

const LISTING_LOCAL: &str = r#"import time
from concurrent.futures import ProcessPoolExecutor, as_completed

def advanced_process_pool():
    """高级进程池操作"""
    print("=== 高级进程池操作 ===")

    def parallel_data_processing(data_chunk):  # local: cannot be pickled
        """并行数据处理"""
        import os
        process_id = os.getpid()
        print(f"进程 {process_id} 处理数据块: {data_chunk}")
        processed_data = [x ** 2 for x in data_chunk]
        time.sleep({{delay}})  # 模拟处理时间
        return {
            'process_id': process_id,
            'original': data_chunk,
            'processed': processed_data,
            'sum': sum(processed_data)
        }

    size = {{size}}
    data_chunks = [list(range(i * size + 1, (i + 1) * size + 1)) for i in range({{chunks}})]

    with ProcessPoolExecutor(max_workers={{workers}}) as executor:
        futures = [executor.submit(parallel_data_processing, chunk) for chunk in data_chunks]
        results = []
        for future in as_completed(futures):
            try:
                result = future.result()
                results.append(result)
                print(f"处理完成: 进程 {result['process_id']}, 和: {result['sum']}")
            except Exception as e:
                print(f"处理出错: {e}")  # every chunk ends up here

    total_sum = sum(result['sum'] for result in results)
    print(f"所有数据块的和: {total_sum}")  # 0

advanced_process_pool()
"#;

/// The model: ceil(chunks / workers) waves of one sleep. The local function never runs: no sleep.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    if variant == "local" {
        return Some(0.0);
    }
    Some(waves(v.int("chunks"), v.int("workers")) * (v.get("delay") * 1000.0))
}

/// The dict `parallel_data_processing` returns (whole, as Python's; the loop reads two keys).
#[derive(Serialize, Deserialize)]
#[allow(dead_code)]
struct ChunkResult {
    process_id: u32,
    original: Vec<i64>,
    processed: Vec<i64>,
    sum: i64,
}

/// `parallel_data_processing(data_chunk)` in a worker process.
fn parallel_data_processing(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(data_chunk, delay): (Vec<i64>, f64)| async move {
        let process_id = ctx.pid();
        ctx.print(format!("进程 {process_id} 处理数据块: {}", py_list(&data_chunk)));
        let processed: Vec<i64> = data_chunk.iter().map(|x| x * x).collect();
        ctx.sleep(delay).await?;
        let sum = processed.iter().sum();
        Ok(ChunkResult { process_id, original: data_chunk, processed, sum })
    })
}

fn main(ctx: Ctx, v: Values, variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let (workers, chunks, size, delay) = (v.int("workers"), v.int("chunks") as i64, v.int("size") as i64, v.get("delay"));
        let target = if variant == "local" { LOCAL_TARGET } else { "process-pool-data-chunks.parallel_data_processing" };
        ctx.print("=== 高级进程池操作 ===");
        let data_chunks: Vec<Vec<i64>> = (0..chunks).map(|i| (i * size + 1..(i + 1) * size + 1).collect()).collect();

        let executor = ctx.pool(workers, true)?;
        let mut futures = Vec::new();
        for (i, chunk) in data_chunks.into_iter().enumerate() {
            futures.push(executor.submit_raw(target, encode(&(chunk, delay))?, format!("parallel_data_processing(data_chunks[{i}])"), i)?);
        }
        let mut results: Vec<ChunkResult> = Vec::new();
        let mut done = Box::pin(as_completed::<ChunkResult>(futures));
        while let Some((_, result)) = done.next().await {
            match result {
                Ok(result) => {
                    ctx.print(format!("处理完成: 进程 {}, 和: {}", result.process_id, result.sum));
                    results.push(result);
                }
                // `except Exception as e`: str(e) is the message alone. Stop is not an Exception.
                Err(RunError::Py { message, .. }) => ctx.print(format!("处理出错: {message}")),
                Err(other) => return Err(other),
            }
        }
        // Leaving the `with` block: shutdown(wait=True).
        executor.close_join().await?;

        let total_sum: i64 = results.iter().map(|r| r.sum).sum();
        ctx.print(format!("所有数据块的和: {total_sum}"));
        Ok(())
    }
    .boxed_local()
}
