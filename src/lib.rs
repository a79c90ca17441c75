//! Concurrency Playground: Python's concurrency curriculum as lessons that really run in the page.
//!
//! # Layout
//! - [`core`]: everything that can be said without a browser. The lesson catalogue, scenarios and
//!   their parameters, the event-loop engine (the asyncio analogue), the thread engine (threading,
//!   ThreadPoolExecutor and a real GIL), the trace a run leaves behind, and the timing model.
//!   It runs natively under `cargo test`, on a virtual clock or on OS threads.
//! - `web` (wasm32 only): the thin browser layer. It plugs the real event loop and timers
//!   (wasm-bindgen-futures, gloo-timers) and the Web Worker pool (wasm-bindgen-rayon) into the core,
//!   and draws the lesson page with yew.
//!
//! ARCHITECTURE.md at the top of the repository explains the layers and their invariants.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;
