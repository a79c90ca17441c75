//! Threads, thread queues and thread pools: the rest of the threading lessons.
//!
//! The lesson modules of this group, its lessons in page order, and the targets its child
//! processes can run (see [`super::target`]).

use crate::core::lesson::Lesson;
use crate::core::process::Target;

/// This group's lessons, in the order the page lists them within a chapter.
pub static LESSONS: &[&Lesson] = &[];

/// The targets of this group's lessons.
pub static TARGETS: &[&[(&str, Target)]] = &[];
