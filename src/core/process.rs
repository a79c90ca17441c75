//! The process engine: `multiprocessing` and `ProcessPoolExecutor`, with separate address spaces.
//!
//! A Python process shares nothing with its parent unless it is sent (pickled) or placed in explicit
//! shared memory. Ours neither: each process is a fresh instance of the program with memory of its
//! own (a dedicated Web Worker running its own WebAssembly instance in the page, an OS thread that
//! only sees what it is sent natively), and everything that crosses between processes crosses as
//! bytes, encoded with postcard (the pickling analogue, see [`encode`]). A [`Host`] starts processes
//! and carries the bytes; this module is the same on every host.
//!
//! The parent (Python's main process) is the lesson's `main`: an async function on the page's own
//! event loop, because the page's main thread must never block. It owns a [`Broker`] that every
//! message from a child goes through: `multiprocessing.Queue` items, `Pipe` messages, pool jobs and
//! their results, printed lines, timeline spans and exit codes. Children run their target, itself
//! async, on their own loop: awaiting a queue there is Python's blocking `get()`.
//!
//! `Value` and `Array` live in a [`Segment`] of real shared memory (a SharedArrayBuffer in the page,
//! atomics natively), with or without their lock: the unlocked `+=` is a separate load and store,
//! so concurrent processes really lose updates.
//!
//! Code that runs in a child is looked up by name in a registry of targets ([`Target`]), because a
//! fresh instance cannot receive a closure, just as Python's spawn start method cannot pickle a
//! local function.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use futures::channel::{mpsc, oneshot};
use futures::future::{self, Either, FutureExt, LocalBoxFuture};
use futures::stream::{FuturesUnordered, StreamExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::lesson::RunError;
use super::trace::{Event, MarkKind, Sink, SpanKind};

pub type Bytes = Vec<u8>;

/// The pid of the parent; children count up from it, as `os.getpid()` would show them.
pub const PARENT_PID: u32 = 1000;

/// Encodes a value to cross into another process: the analogue of pickling.
pub fn encode<T: Serialize>(v: &T) -> Result<Bytes, RunError> {
    postcard::to_allocvec(v).map_err(|e| RunError::py("PicklingError", e.to_string()))
}

/// Decodes bytes that came from another process: the analogue of unpickling.
pub fn decode<T: DeserializeOwned>(b: &[u8]) -> Result<T, RunError> {
    postcard::from_bytes(b).map_err(|e| RunError::py("UnpicklingError", e.to_string()))
}

/// A Python exception on its way between processes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exc {
    pub kind: String,
    pub message: String,
}

impl Exc {
    fn from_run(e: &RunError) -> Exc {
        match e {
            RunError::Stopped => Exc { kind: "KeyboardInterrupt".into(), message: String::new() },
            RunError::Capacity(m) => Exc { kind: "OSError".into(), message: m.clone() },
            // An exception crosses as itself; a traceback as its last line.
            RunError::Py { .. } | RunError::Traceback(_) => {
                let (kind, message) = e.exception().unwrap_or_default();
                Exc { kind, message }
            }
        }
    }
    fn into_run(self) -> RunError {
        RunError::Py { kind: self.kind, message: self.message }
    }
}

/// Parent to child.
#[derive(Debug, Serialize, Deserialize)]
pub enum Down {
    /// A pool job: run `target` on `args` and answer with [`Up::JobDone`].
    Job { job: u64, target: String, args: Bytes, label: String },
    /// The answer to a request (`get`, `recv`, `empty`): `None` when it timed out.
    Reply { req: u64, item: Option<Bytes> },
    /// A pool worker exits once it has nothing left to do.
    Close,
}

/// Child to parent.
#[derive(Debug, Serialize, Deserialize)]
pub enum Up {
    Ready { t: f64 },
    Print { t: f64, text: String },
    Begin { span: u64, parent: Option<u64>, t: f64, label: String, kind: SpanKind },
    End { span: u64, t: f64 },
    Mark { t: f64, kind: MarkKind, label: String },
    Put { q: u32, item: Bytes },
    /// `timeout_ms`: `None` waits for ever, `Some(0.0)` is `get_nowait`.
    Get { q: u32, req: u64, timeout_ms: Option<f64> },
    Empty { q: u32, req: u64 },
    JobDone { job: u64, result: Result<Bytes, Exc> },
    Exit { t: f64, code: i32 },
}

/// What a new process is told when it starts.
#[derive(Debug, Serialize, Deserialize)]
pub struct Boot {
    pub pid: u32,
    pub name: String,
    /// The run's start on the clock every process shares, so times line up on one timeline.
    pub t0: f64,
    pub run: BootRun,
    /// The shared segments this process was handed, in the order the host passes them.
    pub segments: Vec<u32>,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum BootRun {
    /// `Process(target=..., args=...)`.
    Target { target: String, args: Bytes, label: String },
    /// A pool worker: runs [`Down::Job`]s until [`Down::Close`].
    PoolWorker,
}

/// Real shared memory: 32-bit words that several processes read and write.
pub trait Segment: Send + Sync {
    fn load(&self, i: usize) -> i32;
    fn store(&self, i: usize, v: i32);
    /// Compare-and-swap; returns the value that was there.
    fn compare_exchange(&self, i: usize, current: i32, new: i32) -> i32;
    /// Sleeps while word `i` holds `v`, at most `ms`, where the platform lets this thread block;
    /// elsewhere it returns at once and the caller spins.
    fn wait(&self, i: usize, v: i32, ms: f64);
    fn notify(&self, i: usize);
    fn as_any(&self) -> &dyn std::any::Any;
}

/// A started child process, seen from the parent.
pub trait Child {
    fn send(&self, msg: Down);
    /// Ends the process at once (`terminate()`), reclaiming its worker.
    fn kill(&self);
}

/// Where processes run: Web Workers with their own instance in the page, OS threads natively.
pub trait Host {
    /// Starts a process running [`child_main`] with `boot` and `segments`; everything it sends
    /// arrives on `up`, tagged with its pid.
    fn spawn(&self, boot: Boot, segments: Vec<Arc<dyn Segment>>, up: mpsc::UnboundedSender<(u32, Up)>) -> Result<Box<dyn Child>, String>;
    /// Milliseconds on a clock every process shares.
    fn now_ms(&self) -> f64;
    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()>;
    /// A new segment of shared memory, or why there is none (the page is not cross-origin isolated).
    fn segment(&self, words: usize) -> Result<Arc<dyn Segment>, String>;
    fn cores(&self) -> usize;
}

/// What a child process needs from its host.
pub trait ChildEnv {
    fn now_ms(&self) -> f64;
    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()>;
    fn send(&self, up: Up);
    /// Set when the parent stopped the run (natively; in the page the worker is simply terminated).
    fn stopped(&self) -> bool;
}

/// Code a process can run, found by name in a fresh instance.
pub type Target = fn(Ctx, Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>>;

/// Decodes a target's arguments, runs `f` and encodes its result: the boilerplate of every target.
pub fn typed<A, R, F, Fut>(args: Bytes, f: F) -> LocalBoxFuture<'static, Result<Bytes, RunError>>
where
    A: DeserializeOwned + 'static,
    R: Serialize + 'static,
    F: FnOnce(A) -> Fut + 'static,
    Fut: Future<Output = Result<R, RunError>> + 'static,
{
    async move {
        let a: A = decode(&args)?;
        let r = f(a).await?;
        encode(&r)
    }
    .boxed_local()
}

// ---------------------------------------------------------------------------------------------
// Handles that can be passed to a process as arguments, as Python passes them.

/// A `multiprocessing.Queue`. Its items live with the parent, which every process can reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MpQueue {
    pub id: u32,
}

/// One end of a `multiprocessing.Pipe`: it reads from one channel and writes to the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conn {
    pub recv_q: u32,
    pub send_q: u32,
    pub readable: bool,
    pub writable: bool,
}

/// `multiprocessing.Value` / `Array`: words `[at, at + len)` of a shared segment, and the word that
/// is its lock (`None`: `lock=False`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    pub segment: u32,
    pub at: usize,
    pub len: usize,
    pub lock: Option<usize>,
}

// ---------------------------------------------------------------------------------------------
// The context every process's code gets: the same API in the parent and in a child.

enum Side {
    Parent(Rc<Broker>),
    Child { env: Rc<dyn ChildEnv>, pending: RefCell<HashMap<u64, oneshot::Sender<Option<Bytes>>>>, next_req: Cell<u64> },
}

struct CtxInner {
    pid: u32,
    name: String,
    t0: f64,
    side: Side,
    next_span: Cell<u64>,
    /// The bar of what this process is running now (its target, a pool job, `main()`): waits are
    /// drawn over it rather than on rows of their own.
    current: Cell<Option<u64>>,
    segments: RefCell<HashMap<u32, Arc<dyn Segment>>>,
}

/// A process's view of the world: `os.getpid()`, `print`, `time.sleep`, queues, pipes, shared memory.
#[derive(Clone)]
pub struct Ctx(Rc<CtxInner>);

pub fn lane_of(name: &str, pid: u32) -> String {
    format!("{name} · pid {pid}")
}

impl Ctx {
    pub fn pid(&self) -> u32 {
        self.0.pid
    }
    /// `multiprocessing.current_process().name`.
    pub fn name(&self) -> &str {
        &self.0.name
    }
    /// Milliseconds since the run started.
    pub fn now(&self) -> f64 {
        self.clock_ms() - self.0.t0
    }
    fn clock_ms(&self) -> f64 {
        match &self.0.side {
            Side::Parent(b) => b.host.now_ms(),
            Side::Child { env, .. } => env.now_ms(),
        }
    }
    fn up(&self, up: Up) {
        match &self.0.side {
            Side::Parent(b) => b.handle(self.0.pid, up),
            Side::Child { env, .. } => env.send(up),
        }
    }
    pub fn check_stop(&self) -> Result<(), RunError> {
        match &self.0.side {
            Side::Child { env, .. } if env.stopped() => Err(RunError::Stopped),
            Side::Parent(b) if b.stopped.get() => Err(RunError::Stopped),
            _ => Ok(()),
        }
    }

    pub fn print(&self, text: impl Into<String>) {
        self.up(Up::Print { t: self.now(), text: text.into() });
    }

    pub fn begin(&self, parent: Option<u64>, label: impl Into<String>, kind: SpanKind) -> u64 {
        let parent = parent.or(if kind == SpanKind::Task { None } else { self.0.current.get() });
        let span = ((self.0.pid as u64) << 32) | self.0.next_span.get();
        self.0.next_span.set(self.0.next_span.get() + 1);
        self.up(Up::Begin { span, parent, t: self.now(), label: label.into(), kind });
        span
    }
    pub fn end(&self, span: u64) {
        self.up(Up::End { span, t: self.now() });
    }
    pub fn mark(&self, kind: MarkKind, label: impl Into<String>) {
        self.up(Up::Mark { t: self.now(), kind, label: label.into() });
    }

    /// `time.sleep(secs)` in this process: only this process waits.
    pub async fn sleep(&self, secs: f64) -> Result<(), RunError> {
        self.check_stop()?;
        let span = self.begin(None, format!("sleep({secs})"), SpanKind::Wait);
        let ms = secs * 1000.0;
        let f = match &self.0.side {
            Side::Parent(b) => b.host.sleep_ms(ms),
            Side::Child { env, .. } => env.sleep_ms(ms),
        };
        f.await;
        self.end(span);
        self.check_stop()
    }

    /// Sends a request to the parent's broker and waits for the answer.
    async fn request(&self, make: impl FnOnce(u64) -> Up) -> Result<Option<Bytes>, RunError> {
        let rx = match &self.0.side {
            Side::Parent(b) => {
                let (tx, rx) = oneshot::channel();
                let req = b.local_req(tx);
                // Through the pump, in order with everything else: a new deadline is seen at once.
                let _ = b.up_tx.unbounded_send((self.0.pid, make(req)));
                rx
            }
            Side::Child { env, pending, next_req } => {
                let req = next_req.get();
                next_req.set(req + 1);
                let (tx, rx) = oneshot::channel();
                pending.borrow_mut().insert(req, tx);
                env.send(make(req));
                rx
            }
        };
        rx.await.map_err(|_| RunError::Stopped)
    }

    /// `q.put(item)`.
    pub fn put<T: Serialize>(&self, q: &MpQueue, item: &T) -> Result<(), RunError> {
        let item = encode(item)?;
        self.up(Up::Put { q: q.id, item });
        Ok(())
    }

    /// `q.get(timeout=...)`: `Ok(None)` when the timeout passed (Python raises `queue.Empty`).
    pub async fn get<T: DeserializeOwned>(&self, q: &MpQueue, timeout: Option<f64>) -> Result<Option<T>, RunError> {
        let span = self.begin(None, "q.get()", SpanKind::Wait);
        let timeout_ms = timeout.map(|s| s * 1000.0);
        let got = self.request(|req| Up::Get { q: q.id, req, timeout_ms }).await;
        self.end(span);
        match got? {
            Some(b) => Ok(Some(decode(&b)?)),
            None => Ok(None),
        }
    }

    /// `q.get()` that raises `queue.Empty` on a timeout, as Python's does.
    pub async fn get_or_empty<T: DeserializeOwned>(&self, q: &MpQueue, timeout: Option<f64>) -> Result<T, RunError> {
        self.get(q, timeout).await?.ok_or_else(|| RunError::py("queue.Empty", ""))
    }

    /// `q.empty()`: a snapshot that may be out of date by the time it is read.
    pub async fn empty(&self, q: &MpQueue) -> Result<bool, RunError> {
        let r = self.request(|req| Up::Empty { q: q.id, req }).await?;
        Ok(r.map(|b| b.first() == Some(&1)).unwrap_or(true))
    }

    /// `conn.send(obj)`.
    pub fn send<T: Serialize>(&self, c: &Conn, item: &T) -> Result<(), RunError> {
        if !c.writable {
            return Err(RunError::py("OSError", "connection is read-only"));
        }
        self.put(&MpQueue { id: c.send_q }, item)
    }

    /// `conn.recv()`.
    pub async fn recv<T: DeserializeOwned>(&self, c: &Conn) -> Result<T, RunError> {
        if !c.readable {
            return Err(RunError::py("OSError", "connection is write-only"));
        }
        let span = self.begin(None, "conn.recv()", SpanKind::Wait);
        let got = self.request(|req| Up::Get { q: c.recv_q, req, timeout_ms: None }).await;
        self.end(span);
        match got? {
            Some(b) => decode(&b),
            None => Err(RunError::py("EOFError", "")),
        }
    }

    fn segment(&self, id: u32) -> Result<Arc<dyn Segment>, RunError> {
        if let Some(s) = self.0.segments.borrow().get(&id) {
            return Ok(s.clone());
        }
        if let Side::Parent(b) = &self.0.side {
            if let Some(s) = b.segments.borrow().get(&id) {
                return Ok(s.clone());
            }
        }
        Err(RunError::py("RuntimeError", "this shared memory was not passed to the process"))
    }

    /// Reads word `i` of a `Value`/`Array` (no lock taken, as Python's `.value` read).
    pub fn load(&self, s: &Shared, i: usize) -> Result<i32, RunError> {
        Ok(self.segment(s.segment)?.load(s.at + i))
    }
    pub fn store(&self, s: &Shared, i: usize, v: i32) -> Result<(), RunError> {
        self.segment(s.segment)?.store(s.at + i, v);
        Ok(())
    }

    /// `with v.get_lock():` — runs `f` holding the value's lock (a word of the same segment).
    pub fn with_lock<R>(&self, s: &Shared, f: impl FnOnce() -> Result<R, RunError>) -> Result<R, RunError> {
        let Some(li) = s.lock else {
            return Err(RunError::py("AttributeError", "'SynchronizedBase' object has no attribute 'get_lock' (created with lock=False)"));
        };
        let seg = self.segment(s.segment)?;
        let mut spins = 0u32;
        while seg.compare_exchange(li, 0, 1) != 0 {
            spins += 1;
            if spins % 64 == 0 {
                self.check_stop()?;
            }
            seg.wait(li, 1, 5.0);
        }
        let r = f();
        seg.store(li, 0);
        seg.notify(li);
        r
    }

    /// The value's `+=`, as Python executes it: a load, then a store. With `locked` the pair runs
    /// under the value's lock; without it another process can write in between and its update is
    /// lost. `pause` spins between the load and the store, widening that window on purpose.
    pub fn add(&self, s: &Shared, i: usize, delta: i32, locked: bool, pause: u32) -> Result<(), RunError> {
        let seg = self.segment(s.segment)?;
        let rmw = || {
            let v = seg.load(s.at + i);
            spin(pause);
            seg.store(s.at + i, v.wrapping_add(delta));
            Ok(())
        };
        if locked {
            self.with_lock(s, rmw)
        } else {
            rmw()
        }
    }
}

/// Busy work the optimiser cannot remove: a window between a read and a write.
pub fn spin(iterations: u32) {
    let mut x = 0u32;
    for i in 0..iterations {
        x = std::hint::black_box(x.wrapping_add(i));
    }
    std::hint::black_box(x);
}

// ---------------------------------------------------------------------------------------------
// The parent's broker.

enum Waiter {
    Local(u64),
    Remote(u32, u64),
}

struct Getter {
    who: Waiter,
    deadline: Option<f64>,
}

#[derive(Default)]
struct QueueState {
    items: VecDeque<Bytes>,
    getters: VecDeque<Getter>,
}

struct ChildState {
    link: Box<dyn Child>,
    lane: String,
    startup_span: Option<u64>,
    exit: Option<i32>,
    join_waiters: Vec<oneshot::Sender<i32>>,
}

struct PoolState {
    idle: VecDeque<u32>,
    pending: VecDeque<Down>,
    closed: bool,
    /// Jobs submitted and not answered yet, and who waits for that to reach zero.
    outstanding: usize,
    drained: Vec<oneshot::Sender<()>>,
}

/// `terminate()`: SIGTERM's exit code, -15, for a process that had not exited yet.
fn kill(c: &mut ChildState) {
    if c.exit.is_none() {
        c.link.kill();
        c.exit = Some(-15);
        for w in c.join_waiters.drain(..) {
            let _ = w.send(-15);
        }
    }
}

/// The parent's side of every channel between processes.
pub struct Broker {
    host: Rc<dyn Host>,
    sink: Sink,
    t0: f64,
    stopped: Cell<bool>,
    next_pid: Cell<u32>,
    next_id: Cell<u64>,
    children: RefCell<HashMap<u32, ChildState>>,
    queues: RefCell<Vec<QueueState>>,
    local_replies: RefCell<HashMap<u64, oneshot::Sender<Option<Bytes>>>>,
    jobs: RefCell<HashMap<u64, (usize, oneshot::Sender<Result<Bytes, RunError>>)>>,
    pools: RefCell<Vec<PoolState>>,
    segments: RefCell<HashMap<u32, Arc<dyn Segment>>>,
    up_tx: mpsc::UnboundedSender<(u32, Up)>,
    counts: RefCell<HashMap<String, usize>>,
}

impl Broker {
    fn id(&self) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }
    fn emit(&self, e: Event) {
        (self.sink)(e)
    }
    fn rel(&self) -> f64 {
        self.host.now_ms() - self.t0
    }
    fn lane_of(&self, pid: u32) -> String {
        if pid == PARENT_PID {
            return lane_of("MainProcess", pid);
        }
        self.children.borrow().get(&pid).map(|c| c.lane.clone()).unwrap_or_else(|| format!("pid {pid}"))
    }
    fn local_req(&self, tx: oneshot::Sender<Option<Bytes>>) -> u64 {
        let req = self.id();
        self.local_replies.borrow_mut().insert(req, tx);
        req
    }

    fn reply(&self, who: Waiter, item: Option<Bytes>) {
        match who {
            Waiter::Local(req) => {
                if let Some(tx) = self.local_replies.borrow_mut().remove(&req) {
                    let _ = tx.send(item);
                }
            }
            Waiter::Remote(pid, req) => {
                if let Some(c) = self.children.borrow().get(&pid) {
                    c.link.send(Down::Reply { req, item });
                }
            }
        }
    }

    fn waiter(pid: u32, req: u64) -> Waiter {
        if pid == PARENT_PID {
            Waiter::Local(req)
        } else {
            Waiter::Remote(pid, req)
        }
    }

    /// One message from a process (the parent's own requests come through here too).
    fn handle(&self, pid: u32, up: Up) {
        match up {
            Up::Ready { t } => {
                let span = self.children.borrow_mut().get_mut(&pid).and_then(|c| c.startup_span.take());
                if let Some(id) = span {
                    self.emit(Event::End { id, t });
                }
            }
            Up::Print { t, text } => self.emit(Event::Output { t, lane: self.lane_of(pid), text }),
            Up::Begin { span, parent, t, label, kind } => self.emit(Event::Begin { id: span, parent, t, lane: self.lane_of(pid), label, kind }),
            Up::End { span, t } => self.emit(Event::End { id: span, t }),
            Up::Mark { t, kind, label } => self.emit(Event::Mark { t, lane: self.lane_of(pid), kind, label }),
            Up::Put { q, item } => {
                let getter = {
                    let mut qs = self.queues.borrow_mut();
                    let Some(qs) = qs.get_mut(q as usize) else { return };
                    match qs.getters.pop_front() {
                        Some(g) => Some((g, item)),
                        None => {
                            qs.items.push_back(item);
                            None
                        }
                    }
                };
                if let Some((g, item)) = getter {
                    self.reply(g.who, Some(item));
                }
            }
            Up::Get { q, req, timeout_ms } => {
                let who = Self::waiter(pid, req);
                let item = {
                    let mut qs = self.queues.borrow_mut();
                    let Some(qs) = qs.get_mut(q as usize) else {
                        drop(qs);
                        self.reply(who, None);
                        return;
                    };
                    match qs.items.pop_front() {
                        Some(item) => Some(item),
                        None if timeout_ms == Some(0.0) => None,
                        None => {
                            let deadline = timeout_ms.map(|ms| self.host.now_ms() + ms);
                            qs.getters.push_back(Getter { who, deadline });
                            return;
                        }
                    }
                };
                self.reply(who, item);
            }
            Up::Empty { q, req } => {
                let empty = self.queues.borrow().get(q as usize).map(|q| q.items.is_empty()).unwrap_or(true);
                self.reply(Self::waiter(pid, req), Some(vec![empty as u8]));
            }
            Up::JobDone { job, result } => {
                let done = self.jobs.borrow_mut().remove(&job);
                if let Some((pool, tx)) = done {
                    let _ = tx.send(result.map_err(Exc::into_run));
                    self.worker_idle(pool, pid);
                }
            }
            Up::Exit { t, code } => {
                let waiters = {
                    let mut cs = self.children.borrow_mut();
                    let Some(c) = cs.get_mut(&pid) else { return };
                    c.exit = Some(code);
                    // The process is gone: its worker is reclaimed at once.
                    c.link.kill();
                    std::mem::take(&mut c.join_waiters)
                };
                let _ = t;
                for w in waiters {
                    let _ = w.send(code);
                }
            }
        }
    }

    /// Expires getters whose timeout passed; returns the next deadline.
    fn expire(&self) -> Option<f64> {
        let now = self.host.now_ms();
        let mut expired = Vec::new();
        let mut next: Option<f64> = None;
        for q in self.queues.borrow_mut().iter_mut() {
            let mut keep = VecDeque::new();
            for g in q.getters.drain(..) {
                match g.deadline {
                    Some(d) if d <= now => expired.push(g.who),
                    Some(d) => {
                        next = Some(next.map_or(d, |n: f64| n.min(d)));
                        keep.push_back(g);
                    }
                    None => keep.push_back(g),
                }
            }
            q.getters = keep;
        }
        for who in expired {
            self.reply(who, None);
        }
        next
    }

    fn worker_idle(&self, pool: usize, pid: u32) {
        let next = {
            let mut pools = self.pools.borrow_mut();
            let Some(p) = pools.get_mut(pool) else { return };
            p.outstanding = p.outstanding.saturating_sub(1);
            if p.outstanding == 0 {
                for w in p.drained.drain(..) {
                    let _ = w.send(());
                }
            }
            match p.pending.pop_front() {
                Some(job) => Some(job),
                None => {
                    p.idle.push_back(pid);
                    None
                }
            }
        };
        if let Some(job) = next {
            self.send_to(pid, job);
        }
    }

    fn send_to(&self, pid: u32, msg: Down) {
        if let Some(c) = self.children.borrow().get(&pid) {
            c.link.send(msg);
        }
    }

    /// Ends every process still running: Stop, an error in the parent, or the end of the run.
    pub fn kill_all(&self) {
        self.stopped.set(true);
        for c in self.children.borrow_mut().values_mut() {
            kill(c);
        }
        self.local_replies.borrow_mut().clear();
        self.jobs.borrow_mut().clear();
        for p in self.pools.borrow_mut().iter_mut() {
            p.drained.clear();
        }
    }

    fn next_name(&self, prefix: &str) -> String {
        let mut counts = self.counts.borrow_mut();
        let n = counts.entry(prefix.to_string()).or_insert(0);
        *n += 1;
        format!("{prefix}-{n}")
    }

    fn spawn(self: &Rc<Self>, name: String, run: BootRun, segments: Vec<u32>) -> Result<u32, RunError> {
        if self.stopped.get() {
            return Err(RunError::Stopped);
        }
        let pid = self.next_pid.get();
        self.next_pid.set(pid + 1);
        let lane = lane_of(&name, pid);
        let segs: Vec<Arc<dyn Segment>> = {
            let all = self.segments.borrow();
            segments.iter().filter_map(|id| all.get(id).cloned()).collect()
        };
        let startup_span = self.id() | (1 << 63);
        self.emit(Event::Begin { id: startup_span, parent: None, t: self.rel(), lane: lane.clone(), label: "start-up".into(), kind: SpanKind::Wait });
        let boot = Boot { pid, name: name.clone(), t0: self.t0, run, segments };
        let link = self.host.spawn(boot, segs, self.up_tx.clone()).map_err(|e| RunError::py("OSError", e))?;
        self.children.borrow_mut().insert(pid, ChildState { link, lane, startup_span: Some(startup_span), exit: None, join_waiters: Vec::new() });
        Ok(pid)
    }
}

// ---------------------------------------------------------------------------------------------
// The parent's API: Process, Queue, Pipe, Value, Array, Pool, ProcessPoolExecutor.

impl Ctx {
    fn broker(&self) -> Result<&Rc<Broker>, RunError> {
        match &self.0.side {
            Side::Parent(b) => Ok(b),
            Side::Child { .. } => Err(RunError::py("AssertionError", "only the main process can do this here")),
        }
    }

    /// `multiprocessing.Queue()`.
    pub fn queue(&self) -> Result<MpQueue, RunError> {
        let b = self.broker()?;
        let mut qs = b.queues.borrow_mut();
        qs.push(QueueState::default());
        Ok(MpQueue { id: (qs.len() - 1) as u32 })
    }

    /// `multiprocessing.Pipe(duplex)`: two connected ends.
    pub fn pipe(&self, duplex: bool) -> Result<(Conn, Conn), RunError> {
        let (a, b) = (self.queue()?.id, self.queue()?.id);
        if duplex {
            Ok((Conn { recv_q: a, send_q: b, readable: true, writable: true }, Conn { recv_q: b, send_q: a, readable: true, writable: true }))
        } else {
            // Pipe(False) returns (reader, writer).
            Ok((Conn { recv_q: a, send_q: a, readable: true, writable: false }, Conn { recv_q: a, send_q: a, readable: false, writable: true }))
        }
    }

    /// `multiprocessing.Array('i', values, lock=...)`: fails with a clear message where the page
    /// has no shared memory.
    pub fn array(&self, values: &[i32], lock: bool) -> Result<Shared, RunError> {
        let b = self.broker()?;
        let words = values.len() + lock as usize;
        let seg = b.host.segment(words.max(1)).map_err(|e| RunError::py("OSError", e))?;
        for (i, v) in values.iter().enumerate() {
            seg.store(i, *v);
        }
        let id = b.segments.borrow().len() as u32;
        b.segments.borrow_mut().insert(id, seg);
        Ok(Shared { segment: id, at: 0, len: values.len(), lock: lock.then_some(values.len()) })
    }

    /// `multiprocessing.Value('i', v, lock=...)`.
    pub fn value(&self, v: i32, lock: bool) -> Result<Shared, RunError> {
        self.array(&[v], lock)
    }

    /// `Process(target=..., args=...)`, not started yet. `shared` lists the Values and Arrays among
    /// the arguments: their memory is handed to the new process, not copied.
    pub fn process<A: Serialize>(&self, target: &str, args: &A, label: impl Into<String>, shared: &[Shared]) -> Result<Process, RunError> {
        self.broker()?;
        Ok(Process { ctx: self.clone(), target: target.to_string(), args: encode(args)?, label: label.into(), segments: shared.iter().map(|s| s.segment).collect(), pid: None })
    }

    /// `Pool(processes=n)` (`executor: false`) or `ProcessPoolExecutor(max_workers=n)`: starts `n`
    /// worker processes that take jobs as they become free.
    pub fn pool(&self, n: usize, executor: bool) -> Result<Pool, RunError> {
        let b = self.broker()?;
        if n == 0 {
            return Err(if executor {
                RunError::py("ValueError", "max_workers must be greater than 0")
            } else {
                RunError::py("ValueError", "Number of processes must be at least 1")
            });
        }
        let index = {
            let mut pools = b.pools.borrow_mut();
            pools.push(PoolState { idle: VecDeque::new(), pending: VecDeque::new(), closed: false, outstanding: 0, drained: Vec::new() });
            pools.len() - 1
        };
        let prefix = if executor { "SpawnProcess" } else { "SpawnPoolWorker" };
        let mut workers = Vec::new();
        for _ in 0..n {
            let pid = b.spawn(b.next_name(prefix), BootRun::PoolWorker, Vec::new())?;
            b.pools.borrow_mut()[index].idle.push_back(pid);
            workers.push(pid);
        }
        Ok(Pool { ctx: self.clone(), index, workers, submitted: Cell::new(0) })
    }
}

/// A `multiprocessing.Process`.
pub struct Process {
    ctx: Ctx,
    target: String,
    args: Bytes,
    label: String,
    segments: Vec<u32>,
    pid: Option<u32>,
}

impl Process {
    pub fn start(&mut self) -> Result<u32, RunError> {
        if self.pid.is_some() {
            return Err(RunError::py("AssertionError", "cannot start a process twice"));
        }
        let b = self.ctx.broker()?.clone();
        let name = b.next_name("Process");
        let pid = b.spawn(name, BootRun::Target { target: self.target.clone(), args: std::mem::take(&mut self.args), label: self.label.clone() }, self.segments.clone())?;
        self.pid = Some(pid);
        Ok(pid)
    }
    pub fn pid(&self) -> Option<u32> {
        self.pid
    }
    /// `p.join()`: waits for the process to end and returns its exit code.
    pub async fn join(&self) -> Result<i32, RunError> {
        let b = self.ctx.broker()?.clone();
        let Some(pid) = self.pid else {
            return Err(RunError::py("AssertionError", "can only join a started process"));
        };
        join_pid(&self.ctx, &b, pid).await
    }
}

/// Waits for process `pid` to exit and returns its exit code, drawing the wait on `ctx`'s lane.
async fn join_pid(ctx: &Ctx, b: &Broker, pid: u32) -> Result<i32, RunError> {
    let rx = {
        let mut cs = b.children.borrow_mut();
        let Some(c) = cs.get_mut(&pid) else { return Err(RunError::Stopped) };
        if let Some(code) = c.exit {
            return Ok(code);
        }
        let (tx, rx) = oneshot::channel();
        c.join_waiters.push(tx);
        rx
    };
    let span = ctx.begin(None, format!("join({})", b.lane_of(pid)), SpanKind::Wait);
    let code = rx.await.map_err(|_| RunError::Stopped);
    ctx.end(span);
    code
}

/// A job submitted to a pool: `AsyncResult` / `concurrent.futures.Future`.
pub struct Job {
    rx: oneshot::Receiver<Result<Bytes, RunError>>,
    pub index: usize,
}

impl Job {
    /// `get()` / `result()`: the target's result, or the exception it raised.
    pub async fn get<R: DeserializeOwned>(self) -> Result<R, RunError> {
        decode(&self.bytes().await?)
    }

    /// The encoded result, as it came back.
    pub async fn bytes(self) -> Result<Bytes, RunError> {
        self.rx.await.map_err(|_| RunError::Stopped)?
    }
}

/// `multiprocessing.Pool` or `ProcessPoolExecutor`.
pub struct Pool {
    ctx: Ctx,
    index: usize,
    workers: Vec<u32>,
    submitted: Cell<usize>,
}

impl Pool {
    /// `apply_async(f, args)` / `submit(f, *args)`. Jobs are numbered in submission order; the
    /// number comes back with each result of [`as_completed`].
    pub fn submit<A: Serialize>(&self, target: &str, args: &A, label: impl Into<String>) -> Result<Job, RunError> {
        let index = self.submitted.get();
        self.submit_at(target, args, label, index)
    }

    fn submit_at<A: Serialize>(&self, target: &str, args: &A, label: impl Into<String>, index: usize) -> Result<Job, RunError> {
        self.submit_raw(target, encode(args)?, label, index)
    }

    /// Submits arguments that are already encoded.
    pub fn submit_raw(&self, target: &str, args: Bytes, label: impl Into<String>, index: usize) -> Result<Job, RunError> {
        let b = self.ctx.broker()?.clone();
        if b.pools.borrow()[self.index].closed {
            return Err(RunError::py("ValueError", "Pool not running"));
        }
        let job = b.id();
        let (tx, rx) = oneshot::channel();
        b.jobs.borrow_mut().insert(job, (self.index, tx));
        let msg = Down::Job { job, target: target.to_string(), args, label: label.into() };
        b.pools.borrow_mut()[self.index].outstanding += 1;
        self.submitted.set(self.submitted.get().max(index + 1));
        let idle = b.pools.borrow_mut()[self.index].idle.pop_front();
        match idle {
            Some(pid) => b.send_to(pid, msg),
            None => b.pools.borrow_mut()[self.index].pending.push_back(msg),
        }
        Ok(Job { rx, index })
    }

    /// `map(f, items)`: results in input order, whatever order the workers finish in.
    pub async fn map<A: Serialize, R: DeserializeOwned>(&self, target: &str, items: &[A], label: impl Fn(&A) -> String) -> Result<Vec<R>, RunError> {
        let jobs = self.map_jobs(target, items, label)?;
        let span = self.ctx.begin(None, "map() waits", SpanKind::Wait);
        let results = future::join_all(jobs.into_iter().map(|j| j.get::<R>())).await;
        self.ctx.end(span);
        results.into_iter().collect()
    }

    /// The jobs of a `map`, one per item, each knowing its input position.
    pub fn map_jobs<A: Serialize>(&self, target: &str, items: &[A], label: impl Fn(&A) -> String) -> Result<Vec<Job>, RunError> {
        items.iter().enumerate().map(|(i, a)| self.submit_at(target, a, label(a), i)).collect()
    }

    /// `close()` then `join()` (or leaving `with`/`shutdown(wait=True)`): the workers finish what is
    /// queued, exit, and are waited for.
    pub async fn close_join(&self) -> Result<(), RunError> {
        let b = self.ctx.broker()?.clone();
        // Wait until every job of this pool has been answered, then tell the workers to go.
        let drained = {
            let mut pools = b.pools.borrow_mut();
            let p = &mut pools[self.index];
            p.closed = true;
            (p.outstanding > 0).then(|| {
                let (tx, rx) = oneshot::channel();
                p.drained.push(tx);
                rx
            })
        };
        if let Some(rx) = drained {
            rx.await.map_err(|_| RunError::Stopped)?;
        }
        for pid in &self.workers {
            b.send_to(*pid, Down::Close);
        }
        for pid in &self.workers {
            join_pid(&self.ctx, &b, *pid).await?;
        }
        Ok(())
    }

    /// `terminate()` (leaving `with Pool(...)`): the workers are killed, queued work is dropped.
    pub fn terminate(&self) -> Result<(), RunError> {
        let b = self.ctx.broker()?.clone();
        b.pools.borrow_mut()[self.index].closed = true;
        b.pools.borrow_mut()[self.index].pending.clear();
        let mut cs = b.children.borrow_mut();
        for pid in &self.workers {
            if let Some(c) = cs.get_mut(pid) {
                kill(c);
            }
        }
        Ok(())
    }
}

/// `as_completed(futures)`: the jobs' results in the order they finish, each with its input index.
pub fn as_completed<R: DeserializeOwned + 'static>(jobs: Vec<Job>) -> impl futures::Stream<Item = (usize, Result<R, RunError>)> {
    jobs.into_iter()
        .map(|j| {
            let i = j.index;
            j.get::<R>().map(move |r| (i, r))
        })
        .collect::<FuturesUnordered<_>>()
}

// ---------------------------------------------------------------------------------------------
// Running: the parent side of a whole run, and a child's life.

pub type ProcMain = fn(Ctx, super::lesson::Values, &'static str) -> LocalBoxFuture<'static, Result<(), RunError>>;

/// Serves a [`super::threads::PoolRequest`]: a process pool run for thread code, on `host`.
pub async fn serve_pool_request(host: Rc<dyn Host>, req: super::threads::PoolRequest) {
    let super::threads::PoolRequest { processes, target, items, t0, sink, stop, reply } = req;
    let (control, fut) = run_with(host.clone(), sink, Some(t0), false, move |ctx| {
        async move {
            let pool = ctx.pool(processes, true)?;
            let jobs: Vec<Job> = items.into_iter().enumerate().map(|(i, (args, label))| pool.submit_raw(&target, args, label, i)).collect::<Result<_, _>>()?;
            let span = ctx.begin(None, "map() waits", SpanKind::Wait);
            let results = future::join_all(jobs.into_iter().map(|j| j.bytes())).await;
            ctx.end(span);
            let results: Result<Vec<Bytes>, RunError> = results.into_iter().collect();
            pool.close_join().await?;
            let _ = reply.send(results);
            Ok(())
        }
        .boxed_local()
    });
    // The thread that asked may give up (Stop): then the processes go at once.
    let watch = async move {
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            host.sleep_ms(20.0).await;
        }
        control.stop();
    };
    future::select(fut, Box::pin(watch)).await;
}

/// A run in progress, seen from outside: Stop kills every process at once.
#[derive(Clone)]
pub struct RunControl(Weak<Broker>);

impl RunControl {
    pub fn stop(&self) {
        if let Some(b) = self.0.upgrade() {
            b.kill_all();
        }
    }
}

/// Runs a process lesson's `main` as the parent. Resolves to how it ended and the elapsed time;
/// every child is gone by then.
pub fn run(host: Rc<dyn Host>, sink: Sink, main: ProcMain, values: super::lesson::Values, variant: &'static str) -> (RunControl, LocalBoxFuture<'static, (Result<(), RunError>, f64)>) {
    run_with(host, sink, None, true, move |ctx| main(ctx, values, variant))
}

/// Runs `main` as the parent process. `t0` is the run's start on the shared clock (now, if `None`);
/// `main_bar` draws the parent's own bar.
pub fn run_with(
    host: Rc<dyn Host>,
    sink: Sink,
    t0: Option<f64>,
    main_bar: bool,
    main: impl FnOnce(Ctx) -> LocalBoxFuture<'static, Result<(), RunError>> + 'static,
) -> (RunControl, LocalBoxFuture<'static, (Result<(), RunError>, f64)>) {
    let (up_tx, mut up_rx) = mpsc::unbounded();
    let t0 = t0.unwrap_or_else(|| host.now_ms());
    let broker = Rc::new(Broker {
        host: host.clone(),
        sink,
        t0,
        stopped: Cell::new(false),
        next_pid: Cell::new(PARENT_PID + 1),
        next_id: Cell::new(1),
        children: RefCell::new(HashMap::new()),
        queues: RefCell::new(Vec::new()),
        local_replies: RefCell::new(HashMap::new()),
        jobs: RefCell::new(HashMap::new()),
        pools: RefCell::new(Vec::new()),
        segments: RefCell::new(HashMap::new()),
        up_tx,
        counts: RefCell::new(HashMap::new()),
    });
    let control = RunControl(Rc::downgrade(&broker));
    let ctx = Ctx(Rc::new(CtxInner {
        pid: PARENT_PID,
        name: "MainProcess".into(),
        t0,
        side: Side::Parent(broker.clone()),
        next_span: Cell::new(1),
        current: Cell::new(None),
        segments: RefCell::new(HashMap::new()),
    }));
    let fut = async move {
        let b = broker.clone();
        // The pump: every message from a child, and the timeouts of waiting getters.
        let pump = async move {
            loop {
                let next_deadline = b.expire();
                let msg = match next_deadline {
                    Some(d) => {
                        let wait = (d - b.host.now_ms()).max(0.0);
                        match future::select(up_rx.next(), b.host.sleep_ms(wait.min(50.0))).await {
                            Either::Left((m, _)) => m,
                            Either::Right(_) => continue,
                        }
                    }
                    None => up_rx.next().await,
                };
                match msg {
                    Some((pid, up)) => b.handle(pid, up),
                    None => break,
                }
            }
        };
        let span = main_bar.then(|| ctx.begin(None, "main()", SpanKind::Task));
        ctx.0.current.set(span);
        let result = match future::select(main(ctx.clone()), Box::pin(pump)).await {
            Either::Left((r, _)) => r,
            Either::Right(_) => Err(RunError::Stopped),
        };
        if let Some(span) = span {
            ctx.end(span);
        }
        let elapsed = broker.rel();
        // Python joins the children it started before the interpreter exits; our lessons join
        // theirs, so whatever is left here was abandoned by an error or Stop: end it.
        broker.kill_all();
        (result, elapsed)
    }
    .boxed_local();
    (control, fut)
}

/// A child process's life: announce itself, run its target or take pool jobs, report the exit.
pub async fn child_main(boot: Boot, env: Rc<dyn ChildEnv>, mut inbox: mpsc::UnboundedReceiver<Down>, segments: Vec<Arc<dyn Segment>>, find: fn(&str) -> Option<Target>) {
    let seg_map: HashMap<u32, Arc<dyn Segment>> = boot.segments.iter().copied().zip(segments).collect();
    let ctx = Ctx(Rc::new(CtxInner {
        pid: boot.pid,
        name: boot.name,
        t0: boot.t0,
        side: Side::Child { env: env.clone(), pending: RefCell::new(HashMap::new()), next_req: Cell::new(1) },
        next_span: Cell::new(1),
        current: Cell::new(None),
        segments: RefCell::new(seg_map),
    }));
    env.send(Up::Ready { t: ctx.now() });

    // Replies to this process's requests come in on the inbox, beside pool jobs: a small router
    // hands replies to whoever waits and passes jobs on.
    let (job_tx, mut jobs) = mpsc::unbounded::<Down>();
    let router_ctx = ctx.clone();
    let router = async move {
        while let Some(msg) = inbox.next().await {
            match msg {
                Down::Reply { req, item } => {
                    if let Side::Child { pending, .. } = &router_ctx.0.side {
                        if let Some(tx) = pending.borrow_mut().remove(&req) {
                            let _ = tx.send(item);
                        }
                    }
                }
                other => {
                    let _ = job_tx.unbounded_send(other);
                }
            }
        }
    };
    let work = async {
        match boot.run {
            BootRun::Target { target, args, label } => {
                let span = ctx.begin(None, label, SpanKind::Task);
                ctx.0.current.set(Some(span));
                let r = match find(&target) {
                    Some(f) => f(ctx.clone(), args).await.map(|_| ()),
                    None => Err(unpicklable(&target)),
                };
                ctx.end(span);
                match r {
                    Ok(()) => 0,
                    Err(e) => {
                        traceback(&ctx, &e);
                        1
                    }
                }
            }
            BootRun::PoolWorker => {
                while let Some(msg) = jobs.next().await {
                    match msg {
                        Down::Job { job, target, args, label } => {
                            let span = ctx.begin(None, label, SpanKind::Task);
                            ctx.0.current.set(Some(span));
                            let r = match find(&target) {
                                Some(f) => f(ctx.clone(), args).await,
                                None => Err(unpicklable(&target)),
                            };
                            ctx.end(span);
                            env.send(Up::JobDone { job, result: r.map_err(|e| Exc::from_run(&e)) });
                        }
                        Down::Close => break,
                        Down::Reply { .. } => {}
                    }
                }
                0
            }
        }
    };
    let code = match future::select(Box::pin(work), Box::pin(router)).await {
        Either::Left((code, _)) => code,
        Either::Right(_) => -15,
    };
    env.send(Up::Exit { t: ctx.now(), code });
}

/// What Python says when a target cannot be found in the new process.
fn unpicklable(target: &str) -> RunError {
    RunError::py("AttributeError", format!("Can't get attribute '{target}' on <module '__mp_main__'>"))
}

/// A child's uncaught exception, printed the way Python's multiprocessing prints it.
fn traceback(ctx: &Ctx, e: &RunError) {
    ctx.print(format!("Process {}:", ctx.name()));
    ctx.print("Traceback (most recent call last):");
    ctx.print(format!("{e}"));
    ctx.mark(MarkKind::Error, format!("{e}"));
}

// ---------------------------------------------------------------------------------------------
// The native host: OS threads that share nothing but channels and explicit segments.

#[cfg(not(target_arch = "wasm32"))]
pub mod native {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
    use std::time::{Duration, Instant};

    /// A shared segment of atomics.
    pub struct NativeSegment(Vec<AtomicI32>);

    impl Segment for NativeSegment {
        fn load(&self, i: usize) -> i32 {
            self.0[i].load(Ordering::SeqCst)
        }
        fn store(&self, i: usize, v: i32) {
            self.0[i].store(v, Ordering::SeqCst)
        }
        fn compare_exchange(&self, i: usize, current: i32, new: i32) -> i32 {
            match self.0[i].compare_exchange(current, new, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(v) | Err(v) => v,
            }
        }
        fn wait(&self, _i: usize, _v: i32, _ms: f64) {
            std::thread::yield_now();
        }
        fn notify(&self, _i: usize) {}
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    fn sleep_future(ms: f64) -> LocalBoxFuture<'static, ()> {
        futures_timer::Delay::new(Duration::from_secs_f64(ms.max(0.0) / 1000.0)).boxed_local()
    }

    /// The clock every native thread and process of this program shares.
    pub fn epoch() -> Instant {
        static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        *EPOCH.get_or_init(Instant::now)
    }

    pub struct NativeHost {
        epoch: Instant,
        stop: Arc<AtomicBool>,
        find: fn(&str) -> Option<Target>,
    }

    impl NativeHost {
        pub fn new(stop: Arc<AtomicBool>, find: fn(&str) -> Option<Target>) -> Rc<NativeHost> {
            Rc::new(NativeHost { epoch: epoch(), stop, find })
        }
    }

    struct NativeChild {
        tx: mpsc::UnboundedSender<Down>,
        killed: Arc<AtomicBool>,
    }

    impl Drop for NativeChild {
        fn drop(&mut self) {
            self.kill();
        }
    }

    impl Child for NativeChild {
        fn send(&self, msg: Down) {
            let _ = self.tx.unbounded_send(msg);
        }
        fn kill(&self) {
            self.killed.store(true, Ordering::SeqCst);
            self.tx.close_channel();
        }
    }

    struct NativeChildEnv {
        epoch: Instant,
        pid: u32,
        up: mpsc::UnboundedSender<(u32, Up)>,
        killed: Arc<AtomicBool>,
        stop: Arc<AtomicBool>,
    }

    impl ChildEnv for NativeChildEnv {
        fn now_ms(&self) -> f64 {
            self.epoch.elapsed().as_secs_f64() * 1000.0
        }
        fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
            sleep_future(ms)
        }
        fn send(&self, up: Up) {
            // Only bytes cross: encoding here keeps the native run as strict as the page's.
            if let Ok(bytes) = postcard::to_allocvec(&up) {
                if let Ok(up) = postcard::from_bytes::<Up>(&bytes) {
                    let _ = self.up.unbounded_send((self.pid, up));
                }
            }
        }
        fn stopped(&self) -> bool {
            self.killed.load(Ordering::SeqCst) || self.stop.load(Ordering::SeqCst)
        }
    }

    impl Host for NativeHost {
        fn spawn(&self, boot: Boot, segments: Vec<Arc<dyn Segment>>, up: mpsc::UnboundedSender<(u32, Up)>) -> Result<Box<dyn Child>, String> {
            let (tx, rx) = mpsc::unbounded::<Down>();
            let killed = Arc::new(AtomicBool::new(false));
            let env = NativeChildEnv { epoch: self.epoch, pid: boot.pid, up, killed: killed.clone(), stop: self.stop.clone() };
            // The boot message crosses as bytes, like everything else.
            let boot = postcard::to_allocvec(&boot).map_err(|e| e.to_string())?;
            let find = self.find;
            std::thread::Builder::new()
                .name("process".into())
                .spawn(move || {
                    let Ok(boot) = postcard::from_bytes::<Boot>(&boot) else { return };
                    let (down_tx, down_rx) = mpsc::unbounded::<Down>();
                    // Re-encode what comes down, for the same reason as above.
                    let relay = rx.for_each(move |m| {
                        if let Ok(b) = postcard::to_allocvec(&m) {
                            if let Ok(m) = postcard::from_bytes::<Down>(&b) {
                                let _ = down_tx.unbounded_send(m);
                            }
                        }
                        future::ready(())
                    });
                    let env: Rc<dyn ChildEnv> = Rc::new(env);
                    futures::executor::block_on(future::select(Box::pin(child_main(boot, env, down_rx, segments, find)), Box::pin(relay)).map(|_| ()));
                })
                .map_err(|e| e.to_string())?;
            Ok(Box::new(NativeChild { tx, killed }))
        }
        fn now_ms(&self) -> f64 {
            self.epoch.elapsed().as_secs_f64() * 1000.0
        }
        fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
            sleep_future(ms)
        }
        fn segment(&self, words: usize) -> Result<Arc<dyn Segment>, String> {
            Ok(Arc::new(NativeSegment((0..words).map(|_| AtomicI32::new(0)).collect())))
        }
        fn cores(&self) -> usize {
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        }
    }
}
