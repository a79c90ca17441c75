//! Pools of processes: Pool and ProcessPoolExecutor lessons.
//!
//! The lesson modules of this group, its lessons in page order, and the targets its child
//! processes can run (see [`super::target`]).

use crate::core::lesson::Lesson;
use crate::core::process::Target;

#[path = "pool_map_square_with.rs"]
pub mod pool_map_square_with;
#[path = "pool_map_close_join.rs"]
pub mod pool_map_close_join;
#[path = "fib_process_pool.rs"]
pub mod fib_process_pool;
#[path = "process_pool_data_chunks.rs"]
pub mod process_pool_data_chunks;
#[path = "process_pool_batches.rs"]
pub mod process_pool_batches;

/// This group's lessons, in the order the page lists them within a chapter.
pub static LESSONS: &[&Lesson] = &[
    &pool_map_square_with::LESSON,
    &pool_map_close_join::LESSON,
    &fib_process_pool::LESSON,
    &process_pool_data_chunks::LESSON,
    &process_pool_batches::LESSON,
];

/// The targets of this group's lessons.
pub static TARGETS: &[&[(&str, Target)]] = &[
    pool_map_square_with::TARGETS,
    pool_map_close_join::TARGETS,
    fib_process_pool::TARGETS,
    process_pool_data_chunks::TARGETS,
    process_pool_batches::TARGETS,
];
