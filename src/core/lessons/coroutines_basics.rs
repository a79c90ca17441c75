//! Coroutines and the event loop: the asyncio basics.
//!
//! The lesson modules of this group, its lessons in page order, and the targets its child
//! processes can run (see [`super::target`]).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::core::event_loop::Loop;
use crate::core::lesson::Lesson;
use crate::core::process::Target;

#[path = "await_hello_world.rs"]
pub mod await_hello_world;
#[path = "say_hello.rs"]
pub mod say_hello;
#[path = "create_task_hello_world.rs"]
pub mod create_task_hello_world;
#[path = "asyncio_foo_bar.rs"]
pub mod asyncio_foo_bar;
#[path = "asyncio_create_task_workers.rs"]
pub mod asyncio_create_task_workers;
#[path = "create_task_a2_b1.rs"]
pub mod create_task_a2_b1;
#[path = "asyncio_run_fetch_process.rs"]
pub mod asyncio_run_fetch_process;
#[path = "asyncio_gather_durations.rs"]
pub mod asyncio_gather_durations;
#[path = "asyncio_fetch_then_process.rs"]
pub mod asyncio_fetch_then_process;
#[path = "async_gen_sleep.rs"]
pub mod async_gen_sleep;
#[path = "async_iterator_class.rs"]
pub mod async_iterator_class;
#[path = "generator_vs_coroutine_send.rs"]
pub mod generator_vs_coroutine_send;

/// This group's lessons, in the order the page lists them within a chapter.
pub static LESSONS: &[&Lesson] = &[
    &await_hello_world::LESSON,
    &say_hello::LESSON,
    &create_task_hello_world::LESSON,
    &asyncio_foo_bar::LESSON,
    &asyncio_create_task_workers::LESSON,
    &create_task_a2_b1::LESSON,
    &asyncio_run_fetch_process::LESSON,
    &asyncio_gather_durations::LESSON,
    &asyncio_fetch_then_process::LESSON,
    &async_gen_sleep::LESSON,
    &async_iterator_class::LESSON,
    &generator_vs_coroutine_send::LESSON,
];

/// The targets of this group's lessons (none: these lessons start no processes).
pub static TARGETS: &[&[(&str, Target)]] = &[];

/// `await asyncio.sleep(secs)` with Python's rule for zero: `asyncio.sleep(0)` (or less) never
/// returns at once, it yields to the loop once and the task goes to the back of the ready queue
/// (other ready tasks run first). [`Loop::sleep`] with 0 s is ready on its first poll, which would
/// let a task run past a zero sleep before tasks started earlier; these lessons accept 0 as a
/// delay, so they use this.
pub(crate) async fn asyncio_sleep(lp: &Loop, secs: f64) {
    if secs <= 0.0 {
        YieldOnce(false).await
    } else {
        lp.sleep(secs).await
    }
}

/// Python's bare `yield` inside `asyncio.sleep(0)`: pending once, having rescheduled itself.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}
