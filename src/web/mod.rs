//! The browser layer: a thin shell that plugs the page's event loop, timers and Web Workers into
//! the core, and draws the lesson page.
//!
//! - `platform`: the real clock, `setTimeout`, the wasm-bindgen-rayon worker pool, isolation.
//! - `process`: processes as Web Workers with a WebAssembly instance (and memory) of their own.
//! - `run`: starts a lesson on the right engine, streams its trace to the page, stops it.
//! - `app`: the yew component for the whole page; `timeline`: the SVG timeline.

pub mod app;
pub mod platform;
pub mod process;
pub mod run;
pub mod timeline;

// wasm-bindgen-rayon's workers call back into the module through this export.
pub use wasm_bindgen_rayon::init_thread_pool;

/// Mounts the page. Panics are bugs; the hook at least names them in the console.
///
/// The same module also starts inside every process worker (a fresh instance runs its start
/// function too); there is no page to draw there, and `process::cp_process_main` takes over.
pub fn start() {
    console_error_panic_hook::set_once();
    if web_sys::window().is_none() {
        return;
    }
    yew::Renderer::<app::App>::new().render();
}
