//! The lesson catalogue: one file per lesson, named after its stable id in
//! `shared/curriculum/LESSONS.md` (dashes become underscores).
//!
//! Each file opens with what it teaches and what to expect, holds the texts, the parameters, the
//! Python listing, the timing model, and the scenario that really runs on one of the engines.

/// A lesson file's own source, for the page's "Rust that runs" tab: `lesson_source!("x.rs")`.
/// Natively it is the file's text (tests and tools read it). In the page it is only the file's
/// name: the site serves the lesson files under `lesson-src/` (see index.html) and the tab fetches
/// the one it shows, so the download does not carry the source of every lesson.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! lesson_source {
    ($file:literal) => {
        include_str!($file)
    };
}
#[cfg(target_arch = "wasm32")]
macro_rules! lesson_source {
    ($file:literal) => {
        $file
    };
}

use super::lesson::{Env, Lesson, Msg, Problem};
use super::process::Target;

pub mod gil_fib_compare;
pub mod hello_sleep_world;
pub mod asyncio_gather_fetch_data;
pub mod lock_counter;
pub mod pool_map_square;
// The process lessons, in two groups that are written side by side: each group file lists its own
// lesson modules, lessons and targets.
pub mod processes_pools;
pub mod processes_ipc;
// The rest of the curriculum, in groups written side by side.
pub mod coroutines_basics;
pub mod threads_more;
pub mod tasks_and_io;
pub mod semaphore_limit_2;
pub mod threadpool_basics;
pub mod time_sleep_blocks_loop;
// A program of the learner's own (`?code=...` alone); in no chapter.
pub mod scratch;

/// Every lesson, in the order the page lists them within a chapter.
pub static LESSONS: &[&Lesson] = &[
    &hello_sleep_world::LESSON,
    &asyncio_gather_fetch_data::LESSON,
    &time_sleep_blocks_loop::LESSON,
    &semaphore_limit_2::LESSON,
    &threadpool_basics::LESSON,
    &lock_counter::LESSON,
    &gil_fib_compare::LESSON,
    &pool_map_square::LESSON,
];

/// The code child processes can run, per lesson: a fresh process finds its target here by name,
/// as Python's spawn start method finds a function by its module and name.
static TARGETS: &[&[(&str, Target)]] = &[pool_map_square::TARGETS, gil_fib_compare::TARGETS];

pub fn target(name: &str) -> Option<Target> {
    TARGETS
        .iter()
        .chain(processes_pools::TARGETS)
        .chain(processes_ipc::TARGETS)
        .chain(coroutines_basics::TARGETS)
        .chain(threads_more::TARGETS)
        .chain(tasks_and_io::TARGETS)
        .flat_map(|t| t.iter()).find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Every lesson: the catalogue above, then the process lessons of each group.
pub fn all() -> impl Iterator<Item = &'static Lesson> {
    LESSONS
        .iter()
        .chain(processes_pools::LESSONS)
        .chain(processes_ipc::LESSONS)
        .chain(coroutines_basics::LESSONS)
        .chain(threads_more::LESSONS)
        .chain(tasks_and_io::LESSONS)
        .copied()
}

/// Every lesson in reading order: chapter by chapter, in catalogue order within a chapter. The
/// page's "previous" and "next" follow this order.
pub fn ordered() -> Vec<&'static Lesson> {
    super::lesson::Chapter::ALL.iter().flat_map(|ch| all().filter(move |l| l.chapter == *ch)).collect()
}

/// The lessons before and after `id` in reading order.
pub fn neighbours(id: &str) -> (Option<&'static Lesson>, Option<&'static Lesson>) {
    let order = ordered();
    match order.iter().position(|l| l.id == id) {
        Some(i) => (i.checked_sub(1).map(|j| order[j]), order.get(i + 1).copied()),
        None => (None, None),
    }
}

/// Event-loop lessons whose listing the interpreter cannot run yet: they still run their
/// hand-written scenario (none today). `tests/lessons_interpreted.rs`
/// fails when one of them starts to run its listing as the scenario does, so that this list stays
/// true.
pub const SCENARIO_ONLY: &[&str] = &[];

/// Whether the lesson runs its own Python listing on the interpreter, in the page and natively.
/// Thread and process lessons run their scenarios until the interpreter has threads.
pub fn runs_its_listing(lesson: &Lesson) -> bool {
    match lesson.engine {
        super::lesson::Engine::Python => true,
        super::lesson::Engine::EventLoop(_) => !SCENARIO_ONLY.contains(&lesson.id),
        _ => false,
    }
}

/// A lesson by its id; `scratch`, the page for a program of the learner's own, is found too,
/// though it is in no chapter.
pub fn find(id: &str) -> Option<&'static Lesson> {
    all().find(|l| l.id == id).or_else(|| (id == scratch::LESSON.id).then_some(&scratch::LESSON))
}

/// `ceil(a / b)` for the timing models.
pub(crate) fn waves(tasks: usize, width: usize) -> f64 {
    if width == 0 {
        return 0.0;
    }
    tasks.div_ceil(width) as f64
}

/// The problem to show when a pool needs more threads at once than the page's worker pool has.
pub(crate) fn check_threads(param: &str, threads_at_once: usize, env: &Env) -> Vec<Problem> {
    match env.workers {
        Some(cap) if threads_at_once > cap => vec![Problem::field(
            param,
            Msg::new(
                format!(
                    "needs {threads_at_once} threads at once (the pool plus the main thread), but this page's worker pool has {cap}: use at most {}",
                    cap.saturating_sub(1)
                ),
                format!("需要同时运行 {threads_at_once} 个线程（含主线程），但本页的 worker 池只有 {cap} 个；最多用 {}", cap.saturating_sub(1)),
            ),
        )],
        _ => Vec::new(),
    }
}
