//! # threadpool-downloader: a simulated concurrent downloader
//!
//! Five "downloads" (each a 0.5 s sleep; its size is `len(url) * 100` = 2800 bytes) go to a
//! `ThreadPoolExecutor(max_workers=3)`; `as_completed` collects each result as it finishes.
//! Expect two waves: files 1‥3 start at once and finish at ≈0.5 s, files 4 and 5 then start and
//! finish at ≈1.0 s; `下载完成，总大小: 14000 字节`; the file list is in completion order, so
//! the first wave's files (in any order among themselves) come before the second wave's.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::lessons::{check_threads, waves};
use crate::core::threads::{Th, ThreadPoolExecutor};
use super::thread_sync::{as_completed, submit};

pub static LESSON: Lesson = Lesson {
    id: "threadpool-downloader",
    chapter: Chapter::PoolsAndFutures,
    title: Text { en: "A concurrent downloader with a thread pool", zh: "用线程池实现并发下载器" },
    concept: Text {
        en: "Downloads spend their time waiting for the network, which is exactly what threads are good at: while one thread waits, others can wait too. A pool of 3 threads runs at most 3 downloads at once, so 5 downloads take two rounds. Collecting the futures with as_completed handles each file the moment it is done, so the results list is in completion order, not in submission order.",
        zh: "下载的时间大多花在等待网络上，这正是线程擅长的：一个线程在等，其他线程也可以同时等。3 个线程的池最多同时进行 3 个下载，所以 5 个下载需要两轮。用 as_completed 收集 future，每个文件一完成就处理，所以结果列表按完成顺序排列，而不是按提交顺序。",
    },
    expect: Text {
        en: "Three downloads start at 0 s and finish ≈0.5 s, the other two finish ≈1.0 s; total size 14000 bytes; the file list in completion order; total ≈1.0 s.",
        zh: "三个下载在 0 秒开始、约 0.5 秒完成，另外两个约 1.0 秒完成；总大小 14000 字节；文件列表按完成顺序；总耗时约 1.0 秒。",
    },
    params: &[
        Param { name: "workers", label: Text { en: "max_workers", zh: "max_workers" }, kind: Kind::Int, default: 3.0, min: 1.0, max: 32.0 },
        Param { name: "files", label: Text { en: "files", zh: "文件数" }, kind: Kind::Int, default: 5.0, min: 1.0, max: 200.0 },
        Param { name: "delay", label: Text { en: "time per download (s)", zh: "每个下载的耗时（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "as published", zh: "原始程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Threads { main, gil: true },
    predict,
    check,
    source: lesson_source!("threadpool_downloader.rs"),
};

const LISTING: &str = r#"from concurrent.futures import ThreadPoolExecutor, as_completed
import threading
import time

def concurrent_downloader():
    """并发下载器示例"""

    print("=== 并发下载器示例 ===")

    def download_file(url, filename):
        """模拟文件下载"""
        thread_id = threading.current_thread().ident
        print(f"线程 {thread_id} 开始下载 {filename}")

        # 模拟下载时间
        time.sleep({{delay}})

        # 模拟文件大小
        file_size = len(url) * 100
        print(f"下载完成 {filename}, 大小: {file_size} 字节")
        return filename, file_size

    # 模拟下载URL列表
    download_urls = [
        (f"http://example.com/file{i}.txt", f"file{i}.txt")
        for i in range(1, {{files}} + 1)
    ]

    # 使用线程池并发下载
    with ThreadPoolExecutor(max_workers={{workers}}) as executor:
        futures = [
            executor.submit(download_file, url, filename)
            for url, filename in download_urls
        ]

        # 收集结果
        results = []
        for future in as_completed(futures):
            try:
                result = future.result()
                results.append(result)
            except Exception as e:
                print(f"下载出错: {e}")

    # 统计下载结果
    total_size = sum(size for _, size in results)
    print(f"下载完成，总大小: {total_size} 字节")
    print(f"下载文件: {[filename for filename, _ in results]}")

concurrent_downloader()
"#;

fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(waves(v.int("files"), v.int("workers")) * v.get("delay") * 1000.0)
}

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("workers", v.int("workers") + 1, env)
}

fn main(th: &Th, v: &Values, _variant: &'static str) -> Result<(), RunError> {
    let delay = v.get("delay");
    th.print("=== 并发下载器示例 ===");
    let mut executor = ThreadPoolExecutor::new(th.rt(), v.int("workers"), "ThreadPoolExecutor-0")?;
    let futures: Vec<_> = (1..=v.int("files"))
        .map(|i| {
            let (url, filename) = (format!("http://example.com/file{i}.txt"), format!("file{i}.txt"));
            submit(&mut executor, format!("download_file({filename})"), move |t: &Th| {
                t.print(format!("线程 {} 开始下载 {filename}", t.ident()));
                t.sleep(delay)?;
                let file_size = url.chars().count() * 100;
                t.print(format!("下载完成 {filename}, 大小: {file_size} 字节"));
                Ok((filename, file_size))
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut done = as_completed(&futures);
    while let Some(k) = done.next(th)? {
        match futures[k].result(th) {
            Ok(r) => results.push(r),
            Err(RunError::Py { message, .. }) => th.print(format!("下载出错: {message}")),
            Err(e) => return Err(e),
        }
    }
    executor.shutdown(th)?;
    let total: usize = results.iter().map(|(_, s)| s).sum();
    th.print(format!("下载完成，总大小: {total} 字节"));
    let names: Vec<String> = results.iter().map(|(f, _)| format!("'{f}'")).collect();
    th.print(format!("下载文件: [{}]", names.join(", ")));
    Ok(())
}
