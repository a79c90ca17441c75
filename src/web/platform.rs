//! The browser's clock, timers and threads, plugged into the core's traits.
//!
//! - [`BrowserClock`]: `performance.now()` and `setTimeout` (gloo-timers) for the event-loop driver.
//! - [`WorkerThreads`]: Python threads as jobs on the wasm-bindgen-rayon Web Worker pool. A job
//!   keeps its worker for the whole life of its thread, so blocking in it (sleep, join, a lock)
//!   holds up nobody else. The pool is started once, with [`POOL_SIZE`] workers, whatever
//!   `navigator.hardwareConcurrency` says, so that a lesson's "4 threads" are 4 real threads. The
//!   page starts it when it first shows a thread lesson (see `app::App::ensure_pool`), so a page
//!   that shows only event-loop or process lessons starts none.

use std::sync::Arc;

use futures::future::{FutureExt, LocalBoxFuture};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::event_loop::{Clock, Fetch, FetchResponse};
use crate::core::threads::Substrate;

/// Workers in the page's pool: Python threads that can run at once, the lesson's MainThread
/// included. Workers that have nothing to do sleep, so a generous number costs little.
pub const POOL_SIZE: usize = 16;

fn performance() -> Option<web_sys::Performance> {
    // `performance` exists on windows and on workers alike; reading it off the global object
    // works in both, which `window()` would not.
    Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).ok()?.dyn_into().ok()
}

/// Milliseconds since the page's time origin, on the main thread.
pub fn now_ms() -> f64 {
    performance().map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Milliseconds on a clock that the main thread and every worker share: each worker has its own
/// time origin, so the origin is added back.
pub fn shared_now_ms() -> f64 {
    match performance() {
        Some(p) => p.time_origin() + p.now(),
        None => js_sys::Date::now(),
    }
}

/// The page's real clock for the event-loop driver.
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> f64 {
        now_ms()
    }
    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
        // setTimeout counts whole milliseconds and never fires early; rounding up keeps a timer
        // from waking the loop a fraction too soon (it would only go round once more).
        let ms = ms.max(0.0).ceil().min(u32::MAX as f64) as u32;
        gloo_timers::future::TimeoutFuture::new(ms).boxed_local()
    }
}

/// Resolves once the browser has painted the next frame: a `requestAnimationFrame` callback runs
/// just before a paint, and a zero timeout set from it runs after that paint. A page whose frames
/// are not drawn (a background tab, an iframe out of view) would never call the callback, so after
/// [`PAINT_WAIT_MS`] it resolves anyway.
pub async fn after_next_paint() {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    let asked = web_sys::window().is_some_and(|w| {
        let callback = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = tx.send(());
        });
        w.request_animation_frame(callback.unchecked_ref()).is_ok()
    });
    if asked {
        futures::future::select(rx, gloo_timers::future::TimeoutFuture::new(PAINT_WAIT_MS)).await;
    }
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// How long [`after_next_paint`] waits for a frame at most.
const PAINT_WAIT_MS: u32 = 250;

/// GETs `url` (relative to the site) with the page's `fetch()` and returns its text, or why not.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    fetch(url).await.map(|r| r.text)
}

fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| Reflect::get(&e, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "the request failed".into())
}

/// A GET with the page's `fetch()`: the status and the body as text.
pub async fn fetch(url: &str) -> Result<FetchResponse, String> {
    let global = js_sys::global();
    let fetch_fn: js_sys::Function = Reflect::get(&global, &JsValue::from_str("fetch")).map_err(js_error)?.dyn_into().map_err(|_| "fetch() is not available here".to_string())?;
    let promise: js_sys::Promise = fetch_fn.call1(&global, &JsValue::from_str(url)).map_err(js_error)?.dyn_into().map_err(|_| "fetch() did not return a promise".to_string())?;
    let response: web_sys::Response = JsFuture::from(promise).await.map_err(js_error)?.dyn_into().map_err(|_| "not a Response".to_string())?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(js_error)?).await.map_err(js_error)?.as_string().unwrap_or_default();
    Ok(FetchResponse { status, text })
}

/// HTTP for the event loop's lessons: the page's own `fetch()` of the site's sample resources.
pub struct BrowserFetch;

impl Fetch for BrowserFetch {
    fn get(&self, url: &str) -> LocalBoxFuture<'static, Result<FetchResponse, String>> {
        let url = url.to_string();
        async move { fetch(&url).await }.boxed_local()
    }
}

/// Python threads on the Web Worker pool.
pub struct WorkerThreads {
    pub workers: usize,
    pub cores: usize,
}

impl Substrate for WorkerThreads {
    fn spawn(&self, job: Box<dyn FnOnce() + Send>) {
        rayon::spawn(job);
    }
    fn now_ms(&self) -> f64 {
        shared_now_ms()
    }
    fn capacity(&self) -> Option<usize> {
        Some(self.workers)
    }
    fn cores(&self) -> usize {
        self.cores
    }
}

pub fn threads(workers: usize) -> Arc<WorkerThreads> {
    Arc::new(WorkerThreads { workers, cores: hardware_concurrency() })
}

pub fn hardware_concurrency() -> usize {
    web_sys::window().map(|w| w.navigator().hardware_concurrency() as usize).filter(|n| *n > 0).unwrap_or(1)
}

/// Whether the page may use SharedArrayBuffer (COOP/COEP headers were served).
pub fn cross_origin_isolated() -> bool {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crossOriginIsolated")).ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// Starts the worker pool. Without cross-origin isolation it is not even attempted: the reason is
/// what the page shows.
pub async fn start_pool() -> Result<usize, String> {
    if !cross_origin_isolated() {
        return Err("not cross-origin isolated".into());
    }
    match JsFuture::from(wasm_bindgen_rayon::init_thread_pool(POOL_SIZE)).await {
        Ok(_) => Ok(POOL_SIZE),
        Err(e) => Err(e.as_string().or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string())).unwrap_or_else(|| "the worker pool failed to start".into())),
    }
}
