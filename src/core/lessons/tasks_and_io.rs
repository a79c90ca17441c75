//! Tasks, timeouts, cancellation, asyncio queues, and real I/O (HTTP with fetch, a modelled TCP echo server).
//!
//! The lesson modules of this group, its lessons in page order, and the targets its child
//! processes can run (see [`super::target`]): none, every lesson here runs on the event loop.

use crate::core::lesson::Lesson;
use crate::core::process::Target;

#[path = "wait_for_timeout.rs"]
pub mod wait_for_timeout;
#[path = "task_cancel.rs"]
pub mod task_cancel;
#[path = "asyncio_exception_gather.rs"]
pub mod asyncio_exception_gather;
#[path = "contextvars_request_id.rs"]
pub mod contextvars_request_id;
#[path = "asyncio_queue_3_consumers.rs"]
pub mod asyncio_queue_3_consumers;
#[path = "asyncio_queue_cancel_consumer.rs"]
pub mod asyncio_queue_cancel_consumer;
#[path = "asyncio_gather_fetch.rs"]
pub mod asyncio_gather_fetch;
#[path = "aiohttp_fetch_page.rs"]
pub mod aiohttp_fetch_page;
#[path = "aiohttp_session_gather.rs"]
pub mod aiohttp_session_gather;
#[path = "aiohttp_create_task_3urls.rs"]
pub mod aiohttp_create_task_3urls;
#[path = "tcp_echo_server.rs"]
pub mod tcp_echo_server;

/// This group's lessons, in the order the page lists them within a chapter.
pub static LESSONS: &[&Lesson] = &[
    &wait_for_timeout::LESSON,
    &task_cancel::LESSON,
    &asyncio_exception_gather::LESSON,
    &contextvars_request_id::LESSON,
    &asyncio_queue_3_consumers::LESSON,
    &asyncio_queue_cancel_consumer::LESSON,
    &asyncio_gather_fetch::LESSON,
    &aiohttp_fetch_page::LESSON,
    &aiohttp_session_gather::LESSON,
    &aiohttp_create_task_3urls::LESSON,
    &tcp_echo_server::LESSON,
];

/// The targets of this group's lessons.
pub static TARGETS: &[&[(&str, Target)]] = &[];
