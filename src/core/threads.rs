//! The thread engine: `threading`, `ThreadPoolExecutor` and a real GIL, on real threads.
//!
//! Python threads are OS threads; so are ours. A [`Substrate`] starts them: natively each Python
//! thread is a `std::thread`, in the browser it is a job on a Web Worker of the wasm-bindgen-rayon
//! pool, which keeps that worker for as long as the thread lives. Either way the threads really run
//! at the same time, really block in `sleep`, `join` and `Lock.acquire`, and really race.
//!
//! The sizes a lesson asks for are honoured exactly: a `ThreadPoolExecutor(4)` has four worker
//! threads, never more and never fewer than the tasks ready for them, whatever the machine's core
//! count. If the substrate cannot run that many threads at once, starting the pool fails with a
//! message (no silent clamping).
//!
//! The GIL is a real lock ([`Gil`]): a thread takes it to execute Python-level work ([`Th::py`])
//! and drops it while it sleeps, waits or joins. It is fair (first come, first served), so CPU-bound
//! threads take turns in slices the way CPython's switch interval makes them, and the timeline shows
//! exactly one of them holding it at any moment. With the GIL switched off, the same threads run in
//! parallel on every core.
//!
//! Every blocking call waits in short slices and checks the run's stop flag, so Stop ends a run
//! promptly and errors (not panics) unwind the lesson's code through `?`.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::lesson::RunError;
use super::trace::{Event, MarkKind, Sink, SpanKind};

/// How long a blocked thread waits before it looks at the stop flag again.
const POLL_SLICE: Duration = Duration::from_millis(20);

/// A sleep with less than this left finishes by spinning instead of waiting again.
const SPIN_BELOW_MS: f64 = 0.3;

/// Where Python threads run.
pub trait Substrate: Send + Sync + 'static {
    /// Runs `job` on a thread of its own. It must not wait for other jobs to finish first.
    fn spawn(&self, job: Box<dyn FnOnce() + Send>);
    /// Milliseconds on a clock that all threads share.
    fn now_ms(&self) -> f64;
    /// How many threads can run at once (`None`: as many as asked for).
    fn capacity(&self) -> Option<usize>;
    /// Cores the machine reports: what CPU-bound work can use at most.
    fn cores(&self) -> usize;
}

/// Native threads for `cargo test` and benchmarks: one `std::thread` per Python thread.
#[cfg(not(target_arch = "wasm32"))]
pub struct NativeThreads {
    t0: std::time::Instant,
}

#[cfg(not(target_arch = "wasm32"))]
impl NativeThreads {
    pub fn new() -> Arc<NativeThreads> {
        // The process-wide epoch: native processes started by the same run read the same clock.
        Arc::new(NativeThreads { t0: super::process::native::epoch() })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Substrate for NativeThreads {
    fn spawn(&self, job: Box<dyn FnOnce() + Send>) {
        // A thread that cannot be created is reported by the join that never completes being
        // stopped; in practice the OS refuses only far beyond the limits the lessons validate.
        if let Err(e) = std::thread::Builder::new().spawn(job) {
            eprintln!("could not start a thread: {e}");
        }
    }
    fn now_ms(&self) -> f64 {
        self.t0.elapsed().as_secs_f64() * 1000.0
    }
    fn capacity(&self) -> Option<usize> {
        None
    }
    fn cores(&self) -> usize {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned mutex means a thread panicked while holding it. The data is plain bookkeeping, so
    // carry on rather than turn one failure into a cascade.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A request from thread code to run a pool of processes: `ProcessPoolExecutor(processes).map`
/// over `items` (encoded arguments, each with its timeline label). Processes are started where the
/// platform starts them (the page's main thread, natively a helper thread); `reply` gets the
/// encoded results in input order.
pub struct PoolRequest {
    pub processes: usize,
    pub target: String,
    pub items: Vec<(Vec<u8>, String)>,
    /// The run's start on the shared clock, so the processes' bars line up with the threads'.
    pub t0: f64,
    pub sink: Sink,
    pub stop: Arc<AtomicBool>,
    pub reply: futures::channel::oneshot::Sender<Result<Vec<Vec<u8>>, RunError>>,
}

/// Wakes a parked thread: the waker of a future polled by hand on a thread that may block.
struct Unpark(std::thread::Thread);

impl futures::task::ArcWake for Unpark {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        arc_self.0.unpark();
    }
}

/// Hands a [`PoolRequest`] to whoever can start processes.
pub type ProcessBridge = Arc<dyn Fn(PoolRequest) + Send + Sync>;

struct RtInner {
    sub: Arc<dyn Substrate>,
    bridge: Mutex<Option<ProcessBridge>>,
    t0: f64,
    sink: Sink,
    stop: Arc<AtomicBool>,
    gil: Gil,
    slots: Mutex<Vec<bool>>,
    next_span: AtomicU64,
    next_ident: AtomicU64,
}

/// One run of a thread lesson: its clock, trace, stop flag and GIL. Cheap to clone.
#[derive(Clone)]
pub struct Rt {
    inner: Arc<RtInner>,
}

impl Rt {
    pub fn new(sub: Arc<dyn Substrate>, sink: Sink, stop: Arc<AtomicBool>, gil: bool) -> Rt {
        let t0 = sub.now_ms();
        Rt {
            inner: Arc::new(RtInner {
                sub,
                bridge: Mutex::new(None),
                t0,
                sink,
                stop,
                gil: Gil::new(gil),
                slots: Mutex::new(Vec::new()),
                next_span: AtomicU64::new(1),
                next_ident: AtomicU64::new(1),
            }),
        }
    }

    /// Milliseconds since the run started.
    pub fn now(&self) -> f64 {
        self.inner.sub.now_ms() - self.inner.t0
    }

    pub fn capacity(&self) -> Option<usize> {
        self.inner.sub.capacity()
    }

    pub fn cores(&self) -> usize {
        self.inner.sub.cores()
    }

    pub fn stopped(&self) -> bool {
        self.inner.stop.load(Ordering::Relaxed)
    }

    fn check_stop(&self) -> Result<(), RunError> {
        if self.stopped() {
            Err(RunError::Stopped)
        } else {
            Ok(())
        }
    }

    /// Lets this run's threads start process pools ([`Th::process_map`]).
    pub fn set_process_bridge(&self, bridge: ProcessBridge) {
        *lock(&self.inner.bridge) = Some(bridge);
    }

    /// Switches the GIL on or off between phases of a comparison (no thread may be running).
    pub fn set_gil(&self, on: bool) {
        self.inner.gil.enabled.store(on, Ordering::SeqCst);
    }

    pub fn gil_enabled(&self) -> bool {
        self.inner.gil.enabled.load(Ordering::SeqCst)
    }

    pub fn emit(&self, e: Event) {
        (self.inner.sink)(e)
    }

    fn span_id(&self) -> u64 {
        self.inner.next_span.fetch_add(1, Ordering::Relaxed)
    }

    fn take_slot(&self) -> usize {
        let mut slots = lock(&self.inner.slots);
        match slots.iter().position(|used| !used) {
            Some(i) => {
                slots[i] = true;
                i
            }
            None => {
                slots.push(true);
                slots.len() - 1
            }
        }
    }

    fn free_slot(&self, i: usize) {
        lock(&self.inner.slots)[i] = false;
    }

    /// Enters a thread: it gets a lane (its own name, or the lowest free "thread slot") and a bar.
    fn enter(&self, name: String, lane: Option<String>, bar: bool) -> Th {
        let slot = self.take_slot();
        let lane = lane.unwrap_or_else(|| format!("thread slot {}", slot + 1));
        let span = self.span_id();
        if bar {
            self.emit(Event::Begin { id: span, parent: None, t: self.now(), lane: lane.clone(), label: name.clone(), kind: SpanKind::Task });
        }
        // Python idents are large numbers that differ from run to run; ours count up from 1001.
        let ident = 1000 + self.inner.next_ident.fetch_add(1, Ordering::Relaxed);
        Th { rt: self.clone(), name, ident, lane, slot, span: bar.then_some(span) }
    }

    fn leave(&self, th: &Th) {
        self.inner.gil.leave(th);
        if let Some(id) = th.span {
            self.emit(Event::End { id, t: self.now() });
        }
        self.free_slot(th.slot);
    }

    /// Runs a lesson's main program as Python's `MainThread` on a thread of the substrate (in the
    /// browser the page's main thread must never block, so the lesson's main thread is a worker),
    /// and calls `done` with the result and the elapsed time when it returns.
    pub fn run_main(
        &self,
        main: impl FnOnce(&Th) -> Result<(), RunError> + Send + 'static,
        done: impl FnOnce(Result<(), RunError>, f64) + Send + 'static,
    ) {
        let rt = self.clone();
        self.inner.sub.spawn(Box::new(move || {
            let th = rt.enter("MainThread".into(), Some("MainThread".into()), true);
            let r = main(&th);
            rt.inner.gil.flush(&rt);
            rt.leave(&th);
            done(r, rt.now());
        }));
    }

    /// `threading.Thread(target=f, name=name).start()`.
    pub fn start<T: Send + 'static>(&self, name: impl Into<String>, f: impl FnOnce(&Th) -> Result<T, RunError> + Send + 'static) -> JoinHandle<T> {
        self.start_in(name.into(), None, true, f)
    }

    fn start_in<T: Send + 'static>(
        &self,
        name: String,
        lane: Option<String>,
        bar: bool,
        f: impl FnOnce(&Th) -> Result<T, RunError> + Send + 'static,
    ) -> JoinHandle<T> {
        let cell = Arc::new(Cell::<T>::default());
        let c = cell.clone();
        let rt = self.clone();
        self.inner.sub.spawn(Box::new(move || {
            let th = rt.enter(name, lane, bar);
            let r = f(&th);
            rt.leave(&th);
            c.put(r);
        }));
        JoinHandle { cell }
    }
}

/// A one-shot result slot that a blocking reader waits on.
struct Cell<T> {
    v: Mutex<Option<Result<T, RunError>>>,
    cv: Condvar,
}

impl<T> Default for Cell<T> {
    fn default() -> Self {
        Cell { v: Mutex::new(None), cv: Condvar::new() }
    }
}

impl<T> Cell<T> {
    fn put(&self, r: Result<T, RunError>) {
        *lock(&self.v) = Some(r);
        self.cv.notify_all();
    }

    /// Waits for the value; `timeout_ms` of `None` waits for ever (until the run is stopped).
    fn wait(&self, th: &Th, timeout_ms: Option<f64>) -> Result<Option<Result<T, RunError>>, RunError> {
        let deadline = timeout_ms.map(|t| th.rt.now() + t);
        let mut g = lock(&self.v);
        loop {
            if let Some(r) = g.take() {
                return Ok(Some(r));
            }
            th.rt.check_stop()?;
            if let Some(d) = deadline {
                if th.rt.now() >= d {
                    return Ok(None);
                }
            }
            g = self.cv.wait_timeout(g, POLL_SLICE).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
        }
    }
}

/// The handle of a started thread.
pub struct JoinHandle<T> {
    cell: Arc<Cell<T>>,
}

impl<T> JoinHandle<T> {
    /// `thread.join()`: blocks the calling thread (without the GIL) until the thread has finished,
    /// and hands back what its function returned (or the error it raised).
    pub fn join(self, th: &Th) -> Result<T, RunError> {
        let span = th.begin_wait("join()");
        let r = self.cell.wait(th, None);
        th.end_span(span);
        match r? {
            Some(r) => r,
            None => Err(RunError::Stopped),
        }
    }
}

/// A running Python thread, as seen from its own code.
pub struct Th {
    rt: Rt,
    name: String,
    ident: u64,
    lane: String,
    slot: usize,
    span: Option<u64>,
}

impl Th {
    pub fn rt(&self) -> &Rt {
        &self.rt
    }

    /// `threading.current_thread().name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `threading.get_ident()`.
    pub fn ident(&self) -> u64 {
        self.ident
    }

    pub fn lane(&self) -> &str {
        &self.lane
    }

    /// `print(...)`: one whole line, stamped with the run's time.
    pub fn print(&self, text: impl Into<String>) {
        self.rt.emit(Event::Output { t: self.rt.now(), lane: self.lane.clone(), text: text.into() });
    }

    fn begin_wait(&self, label: &str) -> u64 {
        let id = self.rt.span_id();
        self.rt.emit(Event::Begin { id, parent: self.span, t: self.rt.now(), lane: self.lane.clone(), label: label.into(), kind: SpanKind::Wait });
        id
    }

    fn end_span(&self, id: u64) {
        self.rt.emit(Event::End { id, t: self.rt.now() });
    }

    /// `time.sleep(secs)`: really sleeps this thread, without the GIL, in slices so Stop is prompt.
    pub fn sleep(&self, secs: f64) -> Result<(), RunError> {
        let span = self.begin_wait(&format!("sleep({secs})"));
        let end = self.rt.now() + secs * 1000.0;
        let r = loop {
            if let Err(e) = self.rt.check_stop() {
                break Err(e);
            }
            let left = end - self.rt.now();
            if left <= 0.0 {
                break Ok(());
            }
            if left < SPIN_BELOW_MS {
                // Timed waits can come back a hair early, and a second wait for the last few
                // microseconds costs a whole timer tick in browsers: finish the remainder by spinning.
                while self.rt.now() < end {
                    std::hint::spin_loop();
                }
                break Ok(());
            }
            std::thread::sleep(Duration::from_secs_f64((left / 1000.0).min(POLL_SLICE.as_secs_f64())));
        };
        self.end_span(span);
        r
    }

    /// Executes Python-level work: with the GIL on, `f` runs only while this thread holds the GIL.
    /// CPU-bound lessons call this once per slice of work, the way CPython's interpreter loop
    /// offers the GIL to other threads every switch interval.
    pub fn py<T>(&self, f: impl FnOnce() -> T) -> Result<T, RunError> {
        let _g = self.rt.inner.gil.acquire(self)?;
        Ok(f())
    }

    /// `ProcessPoolExecutor(processes).map(target, items)` from thread code: blocks this thread
    /// (never the page) until every result is back, in input order.
    pub fn process_map(&self, processes: usize, target: &str, items: Vec<(Vec<u8>, String)>) -> Result<Vec<Vec<u8>>, RunError> {
        let Some(bridge) = lock(&self.rt.inner.bridge).clone() else {
            return Err(RunError::Capacity("this page cannot start processes from a thread".into()));
        };
        // A oneshot, because the page's main thread answers and must never block: its send
        // never waits. This thread parks until woken, looking at the stop flag now and then.
        // (std's `recv_timeout` would read `Instant`, which does not exist in the browser.)
        let (reply, mut results) = futures::channel::oneshot::channel();
        let inner = &self.rt.inner;
        bridge(PoolRequest { processes, target: target.into(), items, t0: inner.t0, sink: inner.sink.clone(), stop: inner.stop.clone(), reply });
        let waker = futures::task::waker(Arc::new(Unpark(std::thread::current())));
        let mut cx = std::task::Context::from_waker(&waker);
        loop {
            match std::pin::Pin::new(&mut results).poll(&mut cx) {
                std::task::Poll::Ready(Ok(r)) => return r,
                std::task::Poll::Ready(Err(_)) => return Err(RunError::Stopped),
                std::task::Poll::Pending => {
                    std::thread::park_timeout(POLL_SLICE);
                    self.rt.check_stop()?;
                }
            }
        }
    }

    /// Executes work that runs in parallel whatever the GIL setting (numbered as "compute" on the
    /// timeline): used for work outside the interpreter, and as the GIL-off arm of comparisons.
    pub fn compute_span(&self, label: &str) -> u64 {
        let id = self.rt.span_id();
        self.rt.emit(Event::Begin { id, parent: self.span, t: self.rt.now(), lane: self.lane.clone(), label: label.into(), kind: SpanKind::Compute });
        id
    }

    pub fn end(&self, span: u64) {
        self.end_span(span)
    }

    /// Opens a "waiting" bar on this thread's lane (closed with [`Th::end`]): for blocking
    /// primitives built outside this module (thread queues, events, futures with timeouts).
    pub fn wait_span(&self, label: &str) -> u64 {
        self.begin_wait(label)
    }
}

/// The global interpreter lock: one ticket lock shared by every thread of a run.
struct Gil {
    enabled: AtomicBool,
    st: Mutex<GilState>,
    cv: Condvar,
}

struct GilState {
    next_ticket: u64,
    serving: u64,
    /// The GIL bar currently drawn: whose lane, its span id, and when its holder last let go.
    /// Consecutive slices by the same thread extend one bar instead of drawing hundreds.
    open: Option<(String, u64, f64)>,
}

/// Holding the GIL; dropping it lets the next thread in line take it.
struct GilGuard<'a> {
    gil: Option<(&'a Gil, &'a Th)>,
}

impl Gil {
    fn new(on: bool) -> Gil {
        Gil { enabled: AtomicBool::new(on), st: Mutex::new(GilState { next_ticket: 0, serving: 0, open: None }), cv: Condvar::new() }
    }

    fn acquire<'a>(&'a self, th: &'a Th) -> Result<GilGuard<'a>, RunError> {
        if !self.enabled.load(Ordering::SeqCst) {
            th.rt.check_stop()?;
            return Ok(GilGuard { gil: None });
        }
        let mut st = lock(&self.st);
        let ticket = st.next_ticket;
        st.next_ticket += 1;
        while st.serving != ticket {
            if th.rt.stopped() {
                // Give the ticket back by serving it when its turn comes is impossible once we
                // leave; everyone else leaves too, because the whole run is stopping.
                return Err(RunError::Stopped);
            }
            st = self.cv.wait_timeout(st, POLL_SLICE).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
        }
        let now = th.rt.now();
        let same = matches!(&st.open, Some((lane, _, _)) if *lane == th.lane);
        if !same {
            if let Some((lane, id, released)) = st.open.take() {
                th.rt.emit(Event::End { id, t: released });
                th.rt.emit(Event::Mark { t: now, lane: th.lane.clone(), kind: MarkKind::Handover, label: format!("GIL: {lane} → {}", th.lane) });
            }
            let id = th.rt.span_id();
            th.rt.emit(Event::Begin { id, parent: th.span, t: now, lane: th.lane.clone(), label: "holds the GIL".into(), kind: SpanKind::Gil });
            st.open = Some((th.lane.clone(), id, now));
        }
        Ok(GilGuard { gil: Some((self, th)) })
    }

    /// A thread that exits closes its GIL bar.
    fn leave(&self, th: &Th) {
        let mut st = lock(&self.st);
        if matches!(&st.open, Some((lane, _, _)) if *lane == th.lane) {
            if let Some((_, id, released)) = st.open.take() {
                th.rt.emit(Event::End { id, t: released });
            }
        }
    }

    fn flush(&self, rt: &Rt) {
        if let Some((_, id, released)) = lock(&self.st).open.take() {
            rt.emit(Event::End { id, t: released });
        }
    }
}

impl Drop for GilGuard<'_> {
    fn drop(&mut self) {
        if let Some((gil, th)) = self.gil.take() {
            let mut st = lock(&gil.st);
            let now = th.rt.now();
            if let Some(open) = st.open.as_mut() {
                open.2 = now;
            }
            st.serving += 1;
            drop(st);
            gil.cv.notify_all();
        }
    }
}

/// `threading.Lock()`, with hand-overs drawn on the timeline.
pub struct Lock {
    name: String,
    st: Mutex<LockState>,
    cv: Condvar,
}

struct LockState {
    holder: Option<String>,
    last_holder: Option<String>,
}

impl Lock {
    pub fn new(name: &str) -> Arc<Lock> {
        Arc::new(Lock { name: name.into(), st: Mutex::new(LockState { holder: None, last_holder: None }), cv: Condvar::new() })
    }

    /// `with lock:` — blocks (without the GIL) until the lock is free; released when the guard drops.
    pub fn acquire<'a>(&'a self, th: &Th) -> Result<LockGuard<'a>, RunError> {
        let mut st = lock(&self.st);
        let mut span = None;
        while st.holder.is_some() {
            if span.is_none() {
                span = Some(th.begin_wait(&format!("{}.acquire()", self.name)));
            }
            if th.rt.stopped() {
                drop(st);
                if let Some(s) = span {
                    th.end_span(s);
                }
                return Err(RunError::Stopped);
            }
            st = self.cv.wait_timeout(st, POLL_SLICE).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
        }
        st.holder = Some(th.name.clone());
        let from = st.last_holder.clone();
        drop(st);
        if let Some(s) = span {
            th.end_span(s);
            let from = from.unwrap_or_else(|| "?".into());
            th.rt.emit(Event::Mark { t: th.rt.now(), lane: th.lane.clone(), kind: MarkKind::Handover, label: format!("{}: {from} → {}", self.name, th.name) });
        }
        Ok(LockGuard { lock: self })
    }
}

pub struct LockGuard<'a> {
    lock: &'a Lock,
}

impl Drop for LockGuard<'_> {
    fn drop(&mut self) {
        let mut st = lock(&self.lock.st);
        st.last_holder = st.holder.take();
        drop(st);
        self.lock.cv.notify_one();
    }
}

type Job = Box<dyn FnOnce(&Th) + Send>;

struct PoolState {
    jobs: VecDeque<Job>,
    threads: usize,
    idle: usize,
    shutdown: bool,
}

struct PoolShared {
    st: Mutex<PoolState>,
    cv: Condvar,
}

/// `concurrent.futures.ThreadPoolExecutor(max_workers)`.
///
/// As in CPython, worker threads are started on demand: a submit starts a new thread only when no
/// worker is idle and fewer than `max_workers` exist. Leaving the `with` block is [`shutdown`],
/// which waits for the queued work and the threads.
///
/// [`shutdown`]: ThreadPoolExecutor::shutdown
pub struct ThreadPoolExecutor {
    rt: Rt,
    max_workers: usize,
    prefix: String,
    shared: Arc<PoolShared>,
    workers: Vec<JoinHandle<()>>,
}

/// A pool needs more threads at once than the page's workers can run.
pub fn capacity_error(rt: &Rt, wanted: usize) -> Option<RunError> {
    match rt.capacity() {
        Some(cap) if wanted > cap => Some(RunError::Capacity(format!(
            "{wanted} threads must run at once (the pool plus the main thread), but this page's worker pool has {cap}"
        ))),
        _ => None,
    }
}

impl ThreadPoolExecutor {
    /// `prefix` names the threads `"{prefix}_{i}"`, as CPython does ("ThreadPoolExecutor-0_0").
    pub fn new(rt: &Rt, max_workers: usize, prefix: &str) -> Result<ThreadPoolExecutor, RunError> {
        if max_workers == 0 {
            return Err(RunError::py("ValueError", "max_workers must be greater than 0"));
        }
        if let Some(e) = capacity_error(rt, max_workers + 1) {
            return Err(e);
        }
        Ok(ThreadPoolExecutor {
            rt: rt.clone(),
            max_workers,
            prefix: prefix.into(),
            shared: Arc::new(PoolShared { st: Mutex::new(PoolState { jobs: VecDeque::new(), threads: 0, idle: 0, shutdown: false }), cv: Condvar::new() }),
            workers: Vec::new(),
        })
    }

    /// `executor.submit(f)`: queues `f`; `label` names its bar on the timeline.
    pub fn submit<T: Send + 'static>(&mut self, label: impl Into<String>, f: impl FnOnce(&Th) -> Result<T, RunError> + Send + 'static) -> PoolFuture<T> {
        let cell = Arc::new(Cell::<T>::default());
        let c = cell.clone();
        let label = label.into();
        let job: Job = Box::new(move |th: &Th| {
            let id = th.rt.span_id();
            th.rt.emit(Event::Begin { id, parent: None, t: th.rt.now(), lane: th.lane.clone(), label, kind: SpanKind::Task });
            let r = f(th);
            th.rt.emit(Event::End { id, t: th.rt.now() });
            c.put(r);
        });
        let start_thread = {
            let mut st = lock(&self.shared.st);
            st.jobs.push_back(job);
            // A new thread only when the queued work outnumbers the idle workers, as CPython does.
            let start = st.jobs.len() > st.idle && st.threads < self.max_workers;
            if start {
                st.threads += 1;
            }
            start
        };
        self.shared.cv.notify_one();
        if start_thread {
            let name = format!("{}_{}", self.prefix, self.workers.len());
            let shared = self.shared.clone();
            let h = self.rt.start_in(name.clone(), Some(name), false, move |th| worker_loop(th, &shared));
            self.workers.push(h);
        }
        PoolFuture { cell }
    }

    /// `executor.map(f, items)`: results in input order, whatever order the tasks finish in.
    pub fn map<I: Send + 'static, T: Send + 'static>(
        &mut self,
        th: &Th,
        items: Vec<I>,
        label: impl Fn(&I) -> String,
        f: impl Fn(&Th, I) -> Result<T, RunError> + Send + Sync + 'static,
    ) -> Result<Vec<T>, RunError> {
        let f = Arc::new(f);
        let futures: Vec<PoolFuture<T>> = items
            .into_iter()
            .map(|it| {
                let f = f.clone();
                let l = label(&it);
                self.submit(l, move |th| f(th, it))
            })
            .collect();
        futures.into_iter().map(|fu| fu.result(th)).collect()
    }

    /// `executor.shutdown(wait=True)`, i.e. the end of `with ThreadPoolExecutor(...) as ex:`.
    pub fn shutdown(mut self, th: &Th) -> Result<(), RunError> {
        lock(&self.shared.st).shutdown = true;
        self.shared.cv.notify_all();
        for w in std::mem::take(&mut self.workers) {
            w.join(th)?;
        }
        Ok(())
    }
}

impl Drop for ThreadPoolExecutor {
    fn drop(&mut self) {
        // An executor abandoned by an error still lets its workers exit once the queue is empty.
        lock(&self.shared.st).shutdown = true;
        self.shared.cv.notify_all();
    }
}

fn worker_loop(th: &Th, shared: &PoolShared) -> Result<(), RunError> {
    loop {
        let job = {
            let mut st = lock(&shared.st);
            loop {
                if let Some(j) = st.jobs.pop_front() {
                    break Some(j);
                }
                if st.shutdown || th.rt.stopped() {
                    break None;
                }
                st.idle += 1;
                st = shared.cv.wait_timeout(st, POLL_SLICE).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
                st.idle = st.idle.saturating_sub(1);
            }
        };
        match job {
            Some(j) => j(th),
            None => return th.rt.check_stop(),
        }
    }
}

/// A `concurrent.futures.Future` from [`ThreadPoolExecutor::submit`].
pub struct PoolFuture<T> {
    cell: Arc<Cell<T>>,
}

impl<T> PoolFuture<T> {
    /// `future.result()`: blocks (without the GIL) until the task has run.
    pub fn result(self, th: &Th) -> Result<T, RunError> {
        let span = th.begin_wait("future.result()");
        let r = self.cell.wait(th, None);
        th.end_span(span);
        r?.unwrap_or(Err(RunError::Stopped))
    }
}
