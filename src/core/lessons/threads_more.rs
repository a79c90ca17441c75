//! Threads, thread queues and thread pools: the rest of the threading lessons.
//!
//! The lesson modules of this group, its lessons in page order, and the targets its child
//! processes can run (see [`super::target`]). [`thread_sync`] holds the thread primitives these
//! lessons share (`queue.Queue`, `threading.Event`, `threading.local`, `join(timeout=...)`,
//! `future.result(timeout=...)`, `as_completed`).

use crate::core::lesson::Lesson;
use crate::core::process::Target;

#[path = "thread_sync.rs"]
pub mod thread_sync;

#[path = "thread_basic.rs"]
pub mod thread_basic;
#[path = "thread_two_funcs.rs"]
pub mod thread_two_funcs;
#[path = "future_submit_result.rs"]
pub mod future_submit_result;
#[path = "threadpool_map_square.rs"]
pub mod threadpool_map_square;
#[path = "thread_local.rs"]
pub mod thread_local;
#[path = "thread_subclass.rs"]
pub mod thread_subclass;
#[path = "thread_producer_consumer_sentinel.rs"]
pub mod thread_producer_consumer_sentinel;
#[path = "thread_queue_empty_race.rs"]
pub mod thread_queue_empty_race;
#[path = "thread_queue_multi_producer.rs"]
pub mod thread_queue_multi_producer;
#[path = "threadpool_as_completed_timeout.rs"]
pub mod threadpool_as_completed_timeout;
#[path = "threadpool_downloader.rs"]
pub mod threadpool_downloader;

/// This group's lessons, in the order the page lists them within a chapter.
pub static LESSONS: &[&Lesson] = &[
    &thread_basic::LESSON,
    &thread_two_funcs::LESSON,
    &thread_subclass::LESSON,
    &future_submit_result::LESSON,
    &threadpool_map_square::LESSON,
    &threadpool_as_completed_timeout::LESSON,
    &threadpool_downloader::LESSON,
    &thread_producer_consumer_sentinel::LESSON,
    &thread_queue_empty_race::LESSON,
    &thread_queue_multi_producer::LESSON,
    &thread_local::LESSON,
];

/// The targets of this group's lessons (none: they all run on threads).
pub static TARGETS: &[&[(&str, Target)]] = &[];
