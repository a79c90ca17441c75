//! The process engine's host in the page: every Python process is a dedicated Web Worker running
//! a WebAssembly instance of its own (see `process_worker.js`).
//!
//! - [`WebHost`] (page side) starts the workers, posts them encoded bytes, turns what they post back
//!   into the core's messages, terminates them, and counts the ones alive, so that a leak shows.
//! - [`cp_process_main`] (worker side) is what a new instance runs: it wires the worker's messages
//!   to the core's `child_main` and runs it on the worker's own event loop.
//!
//! Message passing needs nothing special, so process lessons run on a page that is not
//! cross-origin isolated. Shared memory (`Value`, `Array`) needs a SharedArrayBuffer, which the
//! browser only allows on an isolated page; without it [`WebHost::segment`] says so.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use futures::channel::mpsc;
use futures::future::{FutureExt, LocalBoxFuture};
use js_sys::{Array, Atomics, Int32Array, JsString, SharedArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use crate::core::lessons;
use crate::core::process::{child_main, Boot, Child, ChildEnv, Down, Host, Segment, Up};

use super::platform::{cross_origin_isolated, hardware_concurrency, shared_now_ms};

#[wasm_bindgen(module = "/src/web/process_worker.js")]
extern "C" {
    #[wasm_bindgen(js_name = startProcess)]
    fn start_process(module: JsValue, main_js: JsString, boot: Uint8Array, segments: Array, on_message: &Closure<dyn FnMut(JsValue, JsValue)>) -> web_sys::Worker;
}

#[wasm_bindgen]
extern "C" {
    // The URL of the playground's JS glue: a new worker imports it to instantiate the module.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MAIN_JS: JsString;
}

thread_local! {
    static ALIVE: Cell<usize> = const { Cell::new(0) };
}

/// Process workers alive right now, in this page.
pub fn alive() -> usize {
    ALIVE.with(|a| a.get())
}

/// A segment of shared memory: a SharedArrayBuffer seen as 32-bit words, used with `Atomics`.
pub struct JsSegment {
    buffer: SharedArrayBuffer,
    words: Int32Array,
}

// A JsSegment never leaves the thread that made it: each process is one single-threaded instance,
// and the buffer travels to another worker only through postMessage, which makes a new JS object
// there. The core's trait asks for Send + Sync because natively segments do cross threads.
unsafe impl Send for JsSegment {}
unsafe impl Sync for JsSegment {}

impl JsSegment {
    fn new(buffer: SharedArrayBuffer) -> JsSegment {
        let words = Int32Array::new(&buffer);
        JsSegment { buffer, words }
    }
}

impl Segment for JsSegment {
    fn load(&self, i: usize) -> i32 {
        Atomics::load(&self.words, i as u32).unwrap_or(0)
    }
    fn store(&self, i: usize, v: i32) {
        let _ = Atomics::store(&self.words, i as u32, v);
    }
    fn compare_exchange(&self, i: usize, current: i32, new: i32) -> i32 {
        Atomics::compare_exchange(&self.words, i as u32, current, new).unwrap_or(current.wrapping_add(1))
    }
    fn wait(&self, i: usize, v: i32, ms: f64) {
        // Atomics.wait throws on the page's main thread; there the caller simply spins.
        let _ = Atomics::wait_with_timeout(&self.words, i as u32, v, ms);
    }
    fn notify(&self, i: usize) {
        let _ = Atomics::notify(&self.words, i as u32);
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn encode_bytes<T: serde::Serialize>(v: &T) -> Option<Uint8Array> {
    postcard::to_allocvec(v).ok().map(|b| Uint8Array::from(b.as_slice()))
}

/// A process seen from the page: its worker, and the callback that receives what it posts.
struct WebChild {
    worker: web_sys::Worker,
    alive: Cell<bool>,
    _on_message: Closure<dyn FnMut(JsValue, JsValue)>,
}

impl Child for WebChild {
    fn send(&self, msg: Down) {
        if !self.alive.get() {
            return;
        }
        if let Some(bytes) = encode_bytes(&msg) {
            let _ = self.worker.post_message(&bytes);
        }
    }
    fn kill(&self) {
        if self.alive.replace(false) {
            self.worker.terminate();
            ALIVE.with(|a| a.set(a.get().saturating_sub(1)));
        }
    }
}

impl Drop for WebChild {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The page's process host.
pub struct WebHost;

impl Host for WebHost {
    fn spawn(&self, boot: Boot, segments: Vec<Arc<dyn Segment>>, up: mpsc::UnboundedSender<(u32, Up)>) -> Result<Box<dyn Child>, String> {
        let pid = boot.pid;
        let bytes = encode_bytes(&boot).ok_or("the process's start message could not be encoded")?;
        let buffers = Array::new();
        for s in &segments {
            match s.as_any().downcast_ref::<JsSegment>() {
                Some(js) => {
                    buffers.push(&js.buffer);
                }
                None => return Err("a shared segment of the wrong kind".into()),
            }
        }
        let on_message = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |data: JsValue, failure: JsValue| {
            if let Some(bytes) = data.dyn_ref::<Uint8Array>() {
                if let Ok(msg) = postcard::from_bytes::<Up>(&bytes.to_vec()) {
                    let _ = up.unbounded_send((pid, msg));
                }
            } else {
                // The worker could not start (or crashed): report it as the process's own failure.
                let why = failure.as_string().unwrap_or_else(|| "unknown error".into());
                let _ = up.unbounded_send((pid, Up::Print { t: 0.0, text: format!("[process {pid} failed: {why}]") }));
                let _ = up.unbounded_send((pid, Up::Exit { t: 0.0, code: 1 }));
            }
        });
        let main_js = MAIN_JS.with(Clone::clone);
        let worker = start_process(wasm_bindgen::module(), main_js, bytes, buffers, &on_message);
        ALIVE.with(|a| a.set(a.get() + 1));
        Ok(Box::new(WebChild { worker, alive: Cell::new(true), _on_message: on_message }))
    }
    fn now_ms(&self) -> f64 {
        shared_now_ms()
    }
    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
        let ms = ms.max(0.0).ceil().min(u32::MAX as f64) as u32;
        gloo_timers::future::TimeoutFuture::new(ms).boxed_local()
    }
    fn segment(&self, words: usize) -> Result<Arc<dyn Segment>, String> {
        if !cross_origin_isolated() {
            return Err("multiprocessing.Value and Array need shared memory (a SharedArrayBuffer), which the browser only allows on a cross-origin isolated page. Serve the playground with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (`make serve` does), or open it in its own tab.".into());
        }
        let buffer = SharedArrayBuffer::new((words.max(1) * 4) as u32);
        Ok(Arc::new(JsSegment::new(buffer)))
    }
    fn cores(&self) -> usize {
        hardware_concurrency()
    }
}

/// A process's side of its worker.
struct WorkerEnv {
    scope: web_sys::DedicatedWorkerGlobalScope,
}

impl ChildEnv for WorkerEnv {
    fn now_ms(&self) -> f64 {
        shared_now_ms()
    }
    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
        let ms = ms.max(0.0).ceil().min(u32::MAX as f64) as u32;
        gloo_timers::future::TimeoutFuture::new(ms).boxed_local()
    }
    fn send(&self, up: Up) {
        if let Some(bytes) = encode_bytes(&up) {
            let _ = self.scope.post_message(&bytes);
        }
    }
    fn stopped(&self) -> bool {
        // Stop terminates the worker outright; nothing needs to look at a flag.
        false
    }
}

/// The entry point of a new process instance, called by `process_worker.js` once the instance is
/// ready. `early` holds the messages that arrived while it started.
#[wasm_bindgen]
pub fn cp_process_main(boot: Uint8Array, segments: Array, early: Array) {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else { return };
    let Ok(boot) = postcard::from_bytes::<Boot>(&boot.to_vec()) else {
        let _ = scope.post_message(&JsValue::from_str("bad boot message"));
        return;
    };
    let (tx, rx) = mpsc::unbounded::<Down>();
    let forward = Rc::new(RefCell::new(move |bytes: &Uint8Array| {
        if let Ok(msg) = postcard::from_bytes::<Down>(&bytes.to_vec()) {
            let _ = tx.unbounded_send(msg);
        }
    }));
    for m in early.iter() {
        if let Some(b) = m.dyn_ref::<Uint8Array>() {
            (forward.borrow_mut())(b);
        }
    }
    let f = forward.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some(b) = e.data().dyn_ref::<Uint8Array>() {
            (f.borrow_mut())(b);
        }
    });
    let _ = scope.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    // The listener lives as long as the worker: the process ends by being terminated.
    on_message.forget();
    let segs: Vec<Arc<dyn Segment>> = segments
        .iter()
        .filter_map(|b| b.dyn_into::<SharedArrayBuffer>().ok())
        .map(|b| Arc::new(JsSegment::new(b)) as Arc<dyn Segment>)
        .collect();
    let env: Rc<dyn ChildEnv> = Rc::new(WorkerEnv { scope });
    spawn_local(child_main(boot, env, rx, segs, lessons::target));
}
