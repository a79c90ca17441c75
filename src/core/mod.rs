//! The core: lessons, scenarios, engines, traces and the timing model, with no browser in sight.
//!
//! Invariant (checked by `tests/architecture.rs`): nothing under `src/core` names web-sys, js-sys,
//! the wasm binding, UI or timer crates. Time and threads come in from outside: the event loop is driven
//! through the [`event_loop::Clock`] trait, and threads are started through the
//! [`threads::Substrate`] trait. That is what lets every lesson run natively under `cargo test`
//! (on a virtual clock, or on OS threads) and unchanged in the page.
//!
//! - [`lesson`]: what a lesson is (texts, parameters, variants, listing, model) and input validation.
//! - [`lessons`]: the catalogue, one file per lesson id.
//! - [`event_loop`]: the asyncio analogue (tasks, sleep, gather, wait_for, cancel, Queue, Semaphore,
//!   Lock, Event) and its driver.
//! - [`threads`]: threading, ThreadPoolExecutor, Lock and the GIL on real threads.
//! - [`process`]: multiprocessing and ProcessPoolExecutor: processes with memory of their own that
//!   exchange encoded bytes, started through the [`process::Host`] trait.
//! - [`trace`]: the events a run reports, folded into what the page draws.
//! - [`timeline`]: the timeline's lanes, rows and bars, computed from a trace.
//! - [`pymodules`]: the Python modules that need an engine (asyncio on the event loop) and the
//!   runner of a whole program on them.
//! - [`python`]: our Python interpreter (the language only; engines plug their modules in).
//! - [`interpreted`]: a lesson's own listing run on the interpreter, the same way in the page and
//!   natively; and the model of an edited program, run on the [`model_clock`].
//! - [`runner`]: how a lesson is run to the end natively, for tests and benchmarks.
//! - [`url`]: the page's state in its query string.

pub mod event_loop;
pub mod interpreted;
pub mod lesson;
pub mod lessons;
pub mod model_clock;
pub mod process;
pub mod pymodules;
pub mod python;
pub mod runner;
pub mod threads;
pub mod timeline;
pub mod trace;
pub mod url;
