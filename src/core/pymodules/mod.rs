//! The Python modules that need an engine, and the runner that plugs them in.
//!
//! This is the only layer that knows both the interpreter ([`crate::core::python`]) and an engine
//! ([`crate::core::event_loop`]): the interpreter knows no loop, the loop knows no Python.
//!
//! - `asyncio.py`: asyncio itself, in Python, following CPython's own Python code, so that the
//!   order in which things happen is CPython's algorithm.
//! - [`engine`]: the native `_engine` module underneath it: a Python task is a task of the
//!   event-loop engine (a bar on the timeline), `call_soon`/`call_later` are the engine's, and so
//!   are the clock and `asyncio.run`.
//! - [`program`]: running a whole program with those modules, on any [`Clock`]: the virtual clock
//!   in native tests and `pyrun --virtual-clock`, the page's clock in the browser.
//! - [`turn`]: how long a computing program runs before the host gets a turn.

pub mod engine;
pub mod program;
pub mod turn;

pub use program::{run_async_program, Deadlock, ProgramRun};
