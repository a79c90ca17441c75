//! The global interpreter lock, and running Python on a thread of its own.
//!
//! The interpreter's objects guard themselves (see [`super::value::Shared`]), so the GIL is not
//! what keeps the heap sound: it is what makes Python threads take turns, as CPython's do. A
//! thread holds it while it runs bytecode and hands it over at a *check point* (a backward jump
//! or the start of a frame, where CPython 3.11 checks its eval breaker too) once it has run for
//! the switch interval and another thread is waiting. Between two check points nothing else
//! runs, which is why `counter += 1` in a loop never loses an update under CPython's GIL, and
//! never does under ours.
//!
//! Switched off, every thread runs bytecode at once on its own core; `counter += 1` is then
//! three steps that another thread can come between (load, add, store), and updates are lost.
//!
//! The lock is fair: a thread that gives it up queues behind the threads already waiting, so a
//! busy thread cannot take it straight back (the convoy CPython's "forced switching" prevents).
//! The switch interval is counted in time slices of the VM, not in milliseconds: it behaves the
//! same in a Web Worker (where the standard library has no clock) and in tests.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

use super::frame::Frame;
use super::vm::{Exit, Prepared, Resume, Vm};
use super::value::{Args, Value};
use super::Driver;

/// Time slices (of a few thousand instructions each) a thread runs before it offers the GIL to a
/// waiting thread: about CPython's 5 ms on a laptop.
pub const DEFAULT_SWITCH_SLICES: u32 = 16;

pub struct Gil {
    enabled: AtomicBool,
    switch_slices: u32,
    queue: Mutex<Tickets>,
    turn: Condvar,
}

/// A ticket lock: threads are served in the order they asked.
#[derive(Default)]
struct Tickets {
    next: u64,
    serving: u64,
}

impl Tickets {
    fn waiting(&self) -> u64 {
        // The holder's own ticket is `serving`; everyone after it is waiting.
        self.next.saturating_sub(self.serving + 1)
    }
}

impl Default for Gil {
    fn default() -> Self {
        Gil { enabled: AtomicBool::new(true), switch_slices: DEFAULT_SWITCH_SLICES, queue: Mutex::default(), turn: Condvar::new() }
    }
}

impl Gil {
    pub fn enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    /// Switches the GIL on or off. Only while no thread of the run holds it (before the run's
    /// threads start): a thread that holds it when it goes off keeps a ticket nobody serves.
    pub fn set_enabled(&self, on: bool) {
        self.enabled.store(on, Ordering::Relaxed)
    }

    fn tickets(&self) -> MutexGuard<'_, Tickets> {
        self.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for the GIL (at once when it is off). The returned hold gives it back when dropped.
    pub fn acquire(&self) -> GilHold<'_> {
        let held = self.enabled();
        if held {
            let mut tickets = self.tickets();
            let mine = tickets.next;
            tickets.next += 1;
            while tickets.serving != mine {
                tickets = self.turn.wait(tickets).unwrap_or_else(|poisoned| poisoned.into_inner());
            }
        }
        GilHold { gil: self, held, slices: 0 }
    }

    fn release(&self) {
        let mut tickets = self.tickets();
        tickets.serving += 1;
        drop(tickets);
        self.turn.notify_all();
    }
}

/// The GIL as one thread holds it.
pub struct GilHold<'a> {
    gil: &'a Gil,
    held: bool,
    /// Slices run since this thread last took the GIL.
    slices: u32,
}

impl GilHold<'_> {
    /// Called at the end of every time slice: after the switch interval, if another thread is
    /// waiting, gives it the GIL and queues for it again.
    pub fn slice_ended(&mut self) {
        if !self.held {
            return;
        }
        self.slices += 1;
        if self.slices < self.gil.switch_slices || self.gil.tickets().waiting() == 0 {
            return;
        }
        // Handing over is releasing it around nothing: the waiting threads are served first.
        self.released(|| ());
    }

    /// Runs a blocking call (a sleep, waiting for a lock or a thread) without the GIL, as CPython
    /// releases it around every blocking call, so other threads run meanwhile.
    pub fn released<T>(&mut self, blocking: impl FnOnce() -> T) -> T {
        if !self.held {
            return blocking();
        }
        self.gil.release();
        let result = blocking();
        std::mem::forget(self.gil.acquire());
        self.slices = 0;
        result
    }
}

impl Drop for GilHold<'_> {
    fn drop(&mut self) {
        if self.held {
            self.gil.release();
        }
    }
}

/// Calls a Python callable on the current OS thread as one Python thread of the run: it holds
/// the GIL while it runs bytecode, offers it at every slice, and answers suspension requests
/// (blocking calls) through `driver` with the GIL released. Returns what the callable returned,
/// or the exception that left it.
pub fn run_thread(vm: &mut Vm, callable: &Value, args: Args, driver: &mut dyn Driver) -> Result<Value, Value> {
    let rt = vm.rt.clone();
    let mut hold = rt.gil.acquire();
    let frame: Frame = match vm.prepare_call(callable, args) {
        Ok(Prepared::Done(v)) => return Ok(v),
        Ok(Prepared::Frame(f)) => f,
        Err(unwind) => return Err(raised(vm, unwind)),
    };
    let was_preemptive = vm.preemptive;
    vm.preemptive = true;
    let mut frames = vec![frame];
    let mut resume = Resume::Continue;
    let result = loop {
        match vm.execute(std::mem::take(&mut frames), resume) {
            Exit::Return(v) => break Ok(v),
            Exit::Raise(e) => break Err(e),
            Exit::Suspend(request, saved) => {
                frames = saved;
                resume = hold.released(|| driver.suspend(vm, &request));
            }
            Exit::Preempt(saved) | Exit::Yield(_, saved) => {
                if driver.should_stop() || rt.stopped() {
                    break Err(raised(vm, vm.exc("KeyboardInterrupt", "")));
                }
                frames = saved;
                resume = Resume::Continue;
                hold.slice_ended();
            }
        }
    };
    vm.preemptive = was_preemptive;
    result
}

fn raised(vm: &Vm, unwind: super::vm::Unwind) -> Value {
    match unwind {
        super::vm::Unwind::Raise(e) => e,
        super::vm::Unwind::Suspend(_) => match vm.exc("RuntimeError", "a thread cannot suspend before it starts") {
            super::vm::Unwind::Raise(e) => e,
            super::vm::Unwind::Suspend(v) => v,
        },
    }
}
