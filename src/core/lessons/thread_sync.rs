//! Thread primitives the engine does not have, built on its public API and std: `queue.Queue`
//! (bounded `put`, `get` with a timeout, `empty()`, `task_done()` / `join()`), `threading.Event`,
//! `threading.local`, a thread handle with `join(timeout=...)`, and executor futures with
//! `result(timeout=...)` and `as_completed`.
//!
//! Like the engine's own primitives, every blocking call waits in short slices, looks at the run's
//! stop flag between them, draws a "waiting" bar only while it really waits, and never holds a lock
//! other threads need while it sleeps. Failures are values (`RunError`), never panics.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::core::lesson::RunError;
use crate::core::threads::{JoinHandle, Rt, Th, ThreadPoolExecutor};

/// How long a blocked thread waits before it looks at the stop flag (and the clock) again.
const SLICE_MS: f64 = 20.0;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Waits on `cv` until `ready` holds (`Ok((guard, true))`) or the deadline, in run milliseconds,
/// passes (`Ok((guard, false))`). A waiting bar labelled `label` is drawn only if it has to wait.
fn wait_on<'a, S>(
    th: &Th,
    m: &'a Mutex<S>,
    cv: &Condvar,
    deadline: Option<f64>,
    label: &str,
    mut ready: impl FnMut(&S) -> bool,
) -> Result<(MutexGuard<'a, S>, bool), RunError> {
    let mut g = lock(m);
    let mut span = None;
    let outcome = loop {
        if ready(&g) {
            break Ok(true);
        }
        if th.rt().stopped() {
            break Err(RunError::Stopped);
        }
        let slice = match deadline {
            Some(d) => {
                let left = d - th.rt().now();
                if left <= 0.0 {
                    break Ok(false);
                }
                left.min(SLICE_MS)
            }
            None => SLICE_MS,
        };
        if span.is_none() {
            span = Some(th.wait_span(label));
        }
        g = cv.wait_timeout(g, Duration::from_secs_f64(slice / 1000.0)).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
    };
    if let Some(s) = span {
        th.end(s);
    }
    outcome.map(|ok| (g, ok))
}

fn deadline(th: &Th, timeout_secs: Option<f64>) -> Option<f64> {
    timeout_secs.map(|s| th.rt().now() + s.max(0.0) * 1000.0)
}

// ---------------------------------------------------------------------------------------------
// queue.Queue

struct QState<T> {
    items: VecDeque<T>,
    unfinished: usize,
}

/// `queue.Queue(maxsize)`: a FIFO shared by threads; `maxsize` 0 means unbounded.
pub struct Queue<T> {
    name: String,
    maxsize: usize,
    st: Mutex<QState<T>>,
    cv: Condvar,
}

impl<T> Queue<T> {
    pub fn new(name: &str, maxsize: usize) -> Arc<Queue<T>> {
        Arc::new(Queue { name: name.into(), maxsize, st: Mutex::new(QState { items: VecDeque::new(), unfinished: 0 }), cv: Condvar::new() })
    }

    /// `q.put(item)`: blocks while a bounded queue is full.
    pub fn put(&self, th: &Th, item: T) -> Result<(), RunError> {
        let max = self.maxsize;
        let (mut g, _) = wait_on(th, &self.st, &self.cv, None, &format!("{}.put()", self.name), |s| max == 0 || s.items.len() < max)?;
        g.items.push_back(item);
        g.unfinished += 1;
        drop(g);
        self.cv.notify_all();
        Ok(())
    }

    /// `q.get()`: blocks until an item is there.
    pub fn get(&self, th: &Th) -> Result<T, RunError> {
        match self.get_timeout(th, None)? {
            Some(v) => Ok(v),
            None => Err(RunError::py("queue.Empty", "")),
        }
    }

    /// `q.get(timeout=secs)`: `None` is `queue.Empty` (nothing arrived in time).
    pub fn get_timeout(&self, th: &Th, timeout_secs: Option<f64>) -> Result<Option<T>, RunError> {
        let d = deadline(th, timeout_secs);
        let (mut g, ok) = wait_on(th, &self.st, &self.cv, d, &format!("{}.get()", self.name), |s| !s.items.is_empty())?;
        if !ok {
            return Ok(None);
        }
        let v = g.items.pop_front();
        drop(g);
        self.cv.notify_all();
        Ok(v)
    }

    /// `q.empty()`: true at the moment of the call, which may be stale a moment later.
    pub fn empty(&self) -> bool {
        lock(&self.st).items.is_empty()
    }

    pub fn qsize(&self) -> usize {
        lock(&self.st).items.len()
    }

    /// `q.task_done()`.
    pub fn task_done(&self) -> Result<(), RunError> {
        let mut g = lock(&self.st);
        if g.unfinished == 0 {
            return Err(RunError::py("ValueError", "task_done() called too many times"));
        }
        g.unfinished -= 1;
        drop(g);
        self.cv.notify_all();
        Ok(())
    }

    /// `q.join()`: blocks until every item put has been marked done.
    pub fn join(&self, th: &Th) -> Result<(), RunError> {
        wait_on(th, &self.st, &self.cv, None, &format!("{}.join()", self.name), |s| s.unfinished == 0).map(|_| ())
    }
}

// ---------------------------------------------------------------------------------------------
// threading.Event

/// `threading.Event()`.
pub struct Event {
    name: String,
    flag: Mutex<bool>,
    cv: Condvar,
}

impl Event {
    pub fn new(name: &str) -> Arc<Event> {
        Arc::new(Event { name: name.into(), flag: Mutex::new(false), cv: Condvar::new() })
    }

    pub fn set(&self) {
        *lock(&self.flag) = true;
        self.cv.notify_all();
    }

    pub fn is_set(&self) -> bool {
        *lock(&self.flag)
    }

    /// `event.wait(timeout)`: true if the flag was set, false if the timeout passed first.
    pub fn wait(&self, th: &Th, timeout_secs: Option<f64>) -> Result<bool, RunError> {
        let label = match timeout_secs {
            Some(s) => format!("{}.wait({s})", self.name),
            None => format!("{}.wait()", self.name),
        };
        self.wait_labelled(th, timeout_secs, &label)
    }

    fn wait_labelled(&self, th: &Th, timeout_secs: Option<f64>, label: &str) -> Result<bool, RunError> {
        let d = deadline(th, timeout_secs);
        wait_on(th, &self.flag, &self.cv, d, label, |f| *f).map(|(_, ok)| ok)
    }
}

// ---------------------------------------------------------------------------------------------
// threading.local

/// `threading.local()` with one attribute: each thread sees only the value it set itself.
pub struct Local<T> {
    attr: &'static str,
    values: Mutex<HashMap<u64, T>>,
}

impl<T: Clone> Local<T> {
    pub fn new(attr: &'static str) -> Arc<Local<T>> {
        Arc::new(Local { attr, values: Mutex::new(HashMap::new()) })
    }

    /// `local_data.<attr> = v`, for the calling thread only.
    pub fn set(&self, th: &Th, v: T) {
        lock(&self.values).insert(th.ident(), v);
    }

    /// `local_data.<attr>`: AttributeError if this thread never set it.
    pub fn get(&self, th: &Th) -> Result<T, RunError> {
        lock(&self.values)
            .get(&th.ident())
            .cloned()
            .ok_or_else(|| RunError::py("AttributeError", format!("'_thread._local' object has no attribute '{}'", self.attr)))
    }
}

// ---------------------------------------------------------------------------------------------
// threading.Thread with join(timeout=...)

/// A started thread whose `join` can time out, and which says whether it is still alive.
pub struct Thread<T> {
    handle: JoinHandle<T>,
    done: Arc<Event>,
}

/// `threading.Thread(target=f, name=name).start()`.
pub fn start<T: Send + 'static>(rt: &Rt, name: impl Into<String>, f: impl FnOnce(&Th) -> Result<T, RunError> + Send + 'static) -> Thread<T> {
    let done = Event::new("done");
    let d = done.clone();
    let handle = rt.start(name, move |th| {
        let r = f(th);
        d.set();
        r
    });
    Thread { handle, done }
}

impl<T> Thread<T> {
    /// `t.join()`.
    pub fn join(self, th: &Th) -> Result<T, RunError> {
        self.handle.join(th)
    }

    /// `t.join(timeout=secs)`: waits at most `secs`; true if the thread had finished by then.
    /// (Python returns None either way; `t.is_alive()` tells which.)
    pub fn join_timeout(&self, th: &Th, secs: f64) -> Result<bool, RunError> {
        self.done.wait_labelled(th, Some(secs), &format!("join(timeout={secs})"))
    }

    /// `t.is_alive()`.
    pub fn is_alive(&self) -> bool {
        !self.done.is_set()
    }
}

// ---------------------------------------------------------------------------------------------
// Executor futures with timeouts and as_completed

/// Completion numbers, process-wide: only their order matters.
static COMPLETED: AtomicU64 = AtomicU64::new(1);

struct Waiter {
    ready: Mutex<VecDeque<usize>>,
    cv: Condvar,
}

struct FutState<T> {
    result: Option<Result<T, RunError>>,
    seq: u64,
    waiters: Vec<(Arc<Waiter>, usize)>,
}

struct FutInner<T> {
    st: Mutex<FutState<T>>,
    cv: Condvar,
}

impl<T> FutInner<T> {
    fn complete(&self, r: Result<T, RunError>) {
        let mut g = lock(&self.st);
        g.result = Some(r);
        g.seq = COMPLETED.fetch_add(1, Ordering::SeqCst);
        let waiters = std::mem::take(&mut g.waiters);
        drop(g);
        self.cv.notify_all();
        for (w, i) in waiters {
            lock(&w.ready).push_back(i);
            w.cv.notify_all();
        }
    }
}

/// A `concurrent.futures.Future` that can be waited on with a timeout and in completion order.
pub struct Fut<T> {
    inner: Arc<FutInner<T>>,
}

/// `executor.submit(f)`, returning a [`Fut`]; `label` names the task's bar on the timeline.
pub fn submit<T: Send + 'static>(
    ex: &mut ThreadPoolExecutor,
    label: impl Into<String>,
    f: impl FnOnce(&Th) -> Result<T, RunError> + Send + 'static,
) -> Fut<T> {
    let inner = Arc::new(FutInner { st: Mutex::new(FutState { result: None, seq: 0, waiters: Vec::new() }), cv: Condvar::new() });
    let i = inner.clone();
    // The engine's own future is not needed: this one is completed from inside the task.
    let _ = ex.submit(label, move |th| {
        let r = f(th);
        i.complete(r);
        Ok(())
    });
    Fut { inner }
}

impl<T: Clone> Fut<T> {
    /// `future.done()`.
    pub fn done(&self) -> bool {
        lock(&self.inner.st).result.is_some()
    }

    /// `future.result()`: blocks until the task has run; its exception is raised here.
    pub fn result(&self, th: &Th) -> Result<T, RunError> {
        match self.result_timeout(th, None)? {
            Some(v) => Ok(v),
            None => Err(RunError::Stopped),
        }
    }

    /// `future.result(timeout=secs)`: `Ok(None)` is the `TimeoutError` Python raises.
    pub fn result_timeout(&self, th: &Th, timeout_secs: Option<f64>) -> Result<Option<T>, RunError> {
        let label = match timeout_secs {
            Some(s) => format!("future.result(timeout={s})"),
            None => "future.result()".to_string(),
        };
        let d = deadline(th, timeout_secs);
        let (g, ok) = wait_on(th, &self.inner.st, &self.inner.cv, d, &label, |s| s.result.is_some())?;
        if !ok {
            return Ok(None);
        }
        match &g.result {
            Some(Ok(v)) => Ok(Some(v.clone())),
            Some(Err(e)) => Err(e.clone()),
            None => Ok(None),
        }
    }
}

/// `as_completed(futures)`: hands out the futures' indices in the order they finish.
pub struct AsCompleted {
    waiter: Arc<Waiter>,
    left: usize,
}

pub fn as_completed<T>(futs: &[Fut<T>]) -> AsCompleted {
    let waiter = Arc::new(Waiter { ready: Mutex::new(VecDeque::new()), cv: Condvar::new() });
    let mut already: Vec<(u64, usize)> = Vec::new();
    for (i, f) in futs.iter().enumerate() {
        let mut g = lock(&f.inner.st);
        if g.result.is_some() {
            already.push((g.seq, i));
        } else {
            g.waiters.push((waiter.clone(), i));
        }
    }
    // Futures finished before the call come first, in the order they finished.
    already.sort();
    {
        let mut r = lock(&waiter.ready);
        for (k, (_, i)) in already.into_iter().enumerate() {
            r.insert(k, i);
        }
    }
    AsCompleted { waiter, left: futs.len() }
}

impl AsCompleted {
    /// The index of the next future to finish; `None` when every one has been handed out.
    pub fn next(&mut self, th: &Th) -> Result<Option<usize>, RunError> {
        if self.left == 0 {
            return Ok(None);
        }
        let (mut g, _) = wait_on(th, &self.waiter.ready, &self.waiter.cv, None, "as_completed()", |r| !r.is_empty())?;
        let i = g.pop_front();
        if i.is_some() {
            self.left -= 1;
        }
        Ok(i)
    }
}
