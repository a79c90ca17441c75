//! # gil-fib-compare: the GIL makes CPU-bound threads take turns
//!
//! The same CPU-bound work (several `fib(n)`) runs three ways: sequentially, on a thread pool with
//! the GIL (CPython as usual), and on the same pool without it (a free-threaded build, python3.13t).
//! With the GIL the threads hold one real lock while they compute, handing it over slice by slice,
//! so the speed-up is about 1×: the timeline shows exactly one thread holding the GIL at any moment.
//! Without it they compute at the same time on every core: about min(threads, cores)× faster.
//! Last, a `ProcessPoolExecutor` of the same size does the same work in separate processes, each
//! with its own interpreter and GIL: it scales like the free-threaded build, once its processes
//! have started (their start-up is part of what it measures, and shows on the timeline).
//!
//! The model needs the cost of one `fib(n)` on this machine, so it calibrates on the sequential
//! phase and predicts the other two from it. An untimed warm-up comes first, so that the
//! browser's tiered compilation does not slow the sequential phase alone.

use crate::core::lesson::{Chapter, Engine, Env, Kind, Lesson, Param, Problem, RunError, Text, Values, Variant};
use crate::core::process::{decode, encode, typed, Bytes, Ctx, Target};
use crate::core::threads::{Rt, Th, ThreadPoolExecutor};
use futures::future::LocalBoxFuture;
use crate::core::trace::Event;
use super::{check_threads, waves};

pub static LESSON: Lesson = Lesson {
    id: "gil-fib-compare",
    chapter: Chapter::Gil,
    title: Text { en: "The GIL: CPU-bound threads take turns", zh: "GIL：CPU 密集的线程只能轮流执行" },
    concept: Text {
        en: "CPython's global interpreter lock lets only one thread execute Python bytecode at a time. A thread that waits for I/O releases it, which is why threads help I/O-bound programs; a thread that computes keeps it, passing it on only every few milliseconds. So CPU-bound work split over threads runs no faster than one thread doing it all. Without the GIL (free-threaded Python 3.13t, or separate processes) the same threads use every core.",
        zh: "CPython 的全局解释器锁（GIL）让同一时间只有一个线程执行 Python 字节码。等待 I/O 的线程会释放它，所以线程对 I/O 密集型程序有帮助；计算中的线程则一直持有它，只是每隔几毫秒交出一次。因此把 CPU 密集型工作分给多个线程，并不比一个线程做完更快。没有 GIL（自由线程的 Python 3.13t，或多个进程）时，同样的线程能用上所有核心。",
    },
    expect: Text {
        en: "Threads with the GIL: speed-up ≈ 1×, one GIL bar at a time on the timeline. Without the GIL: ≈ min(threads, cores)×. Processes: about the same, less their start-up.",
        zh: "有 GIL 的线程：加速比 ≈ 1×，时间线上同一时刻只有一条 GIL 条。没有 GIL：≈ min(线程数, 核心数)×。多进程：大致相同，但要减去进程启动的开销。",
    },
    params: &[
        Param { name: "n", label: Text { en: "n in fib(n)", zh: "fib(n) 的 n" }, kind: Kind::Int, default: 35.0, min: 1.0, max: 40.0 },
        Param { name: "tasks", label: Text { en: "fib(n) calls", zh: "fib(n) 调用次数" }, kind: Kind::Int, default: 8.0, min: 1.0, max: 64.0 },
        Param { name: "threads", label: Text { en: "threads", zh: "线程数" }, kind: Kind::Int, default: 2.0, min: 1.0, max: 64.0 },
    ],
    variants: &[Variant { key: "", label: Text { en: "compare all three", zh: "三者对比" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Threads { main, gil: true },
    predict: |_, _, _| None,
    check,
    source: lesson_source!("gil_fib_compare.rs"),
};

const LISTING: &str = r#"import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

N, TASKS, THREADS = {{n}}, {{tasks}}, {{threads}}

def timed(label, run):
    start = time.perf_counter()
    results = run()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s")
    return results, seconds

results, seq = timed("sequential", lambda: [fib(N) for _ in range(TASKS)])
print(f"{TASKS} x fib({N}) = {results[0]}")

with ThreadPoolExecutor(THREADS) as ex:
    _, gil = timed("threads, GIL on", lambda: list(ex.map(fib, [N] * TASKS)))
print(f"speed-up with the GIL: {seq / gil:.2f}x")

# The same pool on a free-threaded build: python3.13t -X gil=0
with ThreadPoolExecutor(THREADS) as ex:
    _, free = timed("threads, GIL off", lambda: list(ex.map(fib, [N] * TASKS)))
print(f"speed-up without the GIL: {seq / free:.2f}x")

# Processes: one interpreter (and one GIL) each
if __name__ == "__main__":
    with ProcessPoolExecutor(THREADS) as ex:
        _, procs = timed("processes", lambda: list(ex.map(fib, [N] * TASKS)))
    print(f"speed-up with processes: {seq / procs:.2f}x")
"#;

fn check(v: &Values, _: &str, env: &Env) -> Vec<Problem> {
    check_threads("threads", v.int("threads") + 1, env)
}

/// Plain recursive Fibonacci: deliberately exponential, the classic CPU-bound toy.
pub fn fib(n: u64) -> u64 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

/// Below this size a call is one slice of Python-level work, run while holding the GIL. A slice
/// of `fib(30)` takes one to three milliseconds, close to CPython's 5 ms switch interval: the GIL
/// changes hands often enough for the threads to take visible turns, and seldom enough that the
/// hand-overs themselves (and drawing them) cost little next to the work.
const SLICE: u64 = 30;

/// `fib(n)` executed as Python would: in slices, each one under the GIL when the GIL is on.
fn fib_py(th: &Th, n: u64) -> Result<u64, RunError> {
    if n <= SLICE {
        th.py(|| fib(n))
    } else {
        Ok(fib_py(th, n - 1)? + fib_py(th, n - 2)?)
    }
}

/// Untimed calls until `fib` runs at full speed. The browser compiles WebAssembly in tiers: a
/// baseline compiler first, then an optimising one in the background, whose code takes over only
/// when it is ready. On a busy machine that can take a while, and a sequential phase timed before
/// it would pay for the slow code and flatter every phase after it. So the warm-up repeats a small
/// call for at least 50 ms (the baseline code runs at a steady speed too, so steadiness alone
/// would not show that the optimised code has arrived), and then until the calls stop getting
/// faster (three in a row no faster than the best by more than 5%), within half a second.
fn warm_up(rt: &Rt) {
    let (least, deadline) = (rt.now() + 50.0, rt.now() + 500.0);
    let (mut best, mut settled) = (f64::INFINITY, 0);
    while (settled < 3 || rt.now() < least) && rt.now() < deadline {
        let t0 = rt.now();
        std::hint::black_box(fib(std::hint::black_box(24)));
        let took = rt.now() - t0;
        if took < best * 0.95 {
            settled = 0;
        } else {
            settled += 1;
        }
        best = best.min(took);
    }
}

fn pool_phase(th: &Th, threads: usize, tasks: usize, n: u64, name: &str) -> Result<f64, RunError> {
    let start = th.rt().now();
    let mut ex = ThreadPoolExecutor::new(th.rt(), threads, name)?;
    ex.map(th, vec![n; tasks], |n| format!("fib({n})"), fib_py)?;
    ex.shutdown(th)?;
    Ok(th.rt().now() - start)
}

fn phase(th: &Th, key: &str, label: &str, measured_ms: f64, predicted_ms: f64, speedup: Option<f64>) {
    th.rt().emit(Event::Phase { key: key.into(), label: label.into(), measured_ms, predicted_ms, speedup });
}

fn main(th: &Th, v: &Values, _variant: &'static str) -> Result<(), RunError> {
    let (n, tasks, threads) = (v.int("n") as u64, v.int("tasks"), v.int("threads"));
    let rt = th.rt().clone();

    rt.set_gil(true);
    warm_up(&rt);
    let start = rt.now();
    let mut results = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        results.push(fib_py(th, n)?);
    }
    let seq = rt.now() - start;
    th.print(format!("sequential: {:.2} s", seq / 1000.0));
    th.print(format!("{tasks} x fib({n}) = {}", results[0]));
    let results_check = results[0];

    // Calibrated model: one call costs seq / tasks here. With the GIL the calls still run one at a
    // time; without it they run in waves as wide as the threads the cores can carry.
    let per_call = seq / tasks as f64;
    let gil_pred = tasks as f64 * per_call;
    let free_pred = waves(tasks, threads.min(rt.cores()).max(1)) * per_call;
    // The warm-up before the sequential phase is part of the run, so it is part of the prediction.
    rt.emit(Event::Predicted { ms: start + seq + gil_pred + 2.0 * free_pred });
    phase(th, "seq", "sequential", seq, seq, Some(1.0));

    let gil = pool_phase(th, threads, tasks, n, "ThreadPoolExecutor-0")?;
    th.print(format!("threads, GIL on: {:.2} s", gil / 1000.0));
    th.print(format!("speed-up with the GIL: {:.2}x", seq / gil));
    phase(th, "gil", "threads, GIL on", gil, gil_pred, Some(seq / gil));

    rt.set_gil(false);
    let free = pool_phase(th, threads, tasks, n, "ThreadPoolExecutor-1");
    rt.set_gil(true);
    let free = free?;
    th.print(format!("threads, GIL off: {:.2} s", free / 1000.0));
    th.print(format!("speed-up without the GIL: {:.2}x", seq / free));
    phase(th, "no-gil", "threads, GIL off", free, free_pred, Some(seq / free));

    // The same calls in a process pool: the numbers cross as encoded bytes, the work runs in
    // instances of its own, and nothing is shared, so no GIL is in the way.
    let start = rt.now();
    let items = (0..tasks).map(|_| Ok((encode(&n)?, format!("fib({n})")))).collect::<Result<Vec<_>, RunError>>()?;
    let results = th.process_map(threads, "gil-fib-compare.fib", items)?;
    let procs = rt.now() - start;
    for r in &results {
        let v: u64 = decode(r)?;
        if v != results_check {
            return Err(RunError::py("AssertionError", format!("a process computed fib({n}) = {v}, expected {results_check}")));
        }
    }
    th.print(format!("processes: {:.2} s", procs / 1000.0));
    th.print(format!("speed-up with processes: {:.2}x", seq / procs));
    phase(th, "processes", "processes", procs, free_pred, Some(seq / procs));
    Ok(())
}

pub static TARGETS: &[(&str, Target)] = &[("gil-fib-compare.fib", fib_target)];

/// `fib(n)` in a process of its own: plain Rust, no GIL to take.
fn fib_target(_ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, |n: u64| async move { Ok(fib(n)) })
}
