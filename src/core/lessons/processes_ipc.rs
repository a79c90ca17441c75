//! Processes and how they talk: Process, Queue, Pipe, shared Value/Array, the socket stand-in.
//!
//! The lesson modules of this group, its lessons in page order, and the targets its child
//! processes can run (see [`super::target`]).

use crate::core::lesson::Lesson;
use crate::core::process::Target;

#[path = "mp_process_basic_pid.rs"]
pub mod mp_process_basic_pid;
#[path = "mp_process_4_workers.rs"]
pub mod mp_process_4_workers;
#[path = "mp_queue_child_message.rs"]
pub mod mp_queue_child_message;
#[path = "mp_queue_hello.rs"]
pub mod mp_queue_hello;
#[path = "mp_pipe_hello.rs"]
pub mod mp_pipe_hello;
#[path = "mp_queue_empty_loop.rs"]
pub mod mp_queue_empty_loop;
#[path = "mp_worker_queues.rs"]
pub mod mp_worker_queues;
#[path = "mp_shared_value_array.rs"]
pub mod mp_shared_value_array;
#[path = "mp_shared_memory_race.rs"]
pub mod mp_shared_memory_race;
#[path = "socket_ipc_loopback.rs"]
pub mod socket_ipc_loopback;

/// This group's lessons, in the order the page lists them within a chapter.
pub static LESSONS: &[&Lesson] = &[
    &mp_process_basic_pid::LESSON,
    &mp_process_4_workers::LESSON,
    &mp_queue_child_message::LESSON,
    &mp_queue_hello::LESSON,
    &mp_pipe_hello::LESSON,
    &mp_queue_empty_loop::LESSON,
    &mp_worker_queues::LESSON,
    &mp_shared_value_array::LESSON,
    &mp_shared_memory_race::LESSON,
    &socket_ipc_loopback::LESSON,
];

/// The targets of this group's lessons.
pub static TARGETS: &[&[(&str, Target)]] = &[
    mp_process_basic_pid::TARGETS,
    mp_process_4_workers::TARGETS,
    mp_queue_child_message::TARGETS,
    mp_queue_hello::TARGETS,
    mp_pipe_hello::TARGETS,
    mp_queue_empty_loop::TARGETS,
    mp_worker_queues::TARGETS,
    mp_shared_value_array::TARGETS,
    mp_shared_memory_race::TARGETS,
    socket_ipc_loopback::TARGETS,
];
