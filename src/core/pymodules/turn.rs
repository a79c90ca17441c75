//! How long the interpreter computes before it gives the host a turn.
//!
//! The VM stops itself every time slice (a few thousand instructions) and asks its driver whether
//! to go on. Handing the host a turn at every slice would be far too often in the page: a zero
//! timer there costs about 4 ms, so a computing program would spend most of its time waiting for
//! timers. Handing it never would freeze the tab. So the driver goes on computing until a turn of
//! [`TURN_MS`] of the host's time is used up (`Clock::host_ms`), then yields once, and the next
//! turn starts. On the virtual clock of native runs computation takes no time, so a turn is never
//! used up and they never yield; the stop flag is still checked at every slice. The model clock
//! of the page (`core::model_clock`) is virtual too, but measures turns on the page's real time,
//! so a model that computes forever still gives the page its turns.

use std::cell::Cell;

/// A turn's length in milliseconds: short enough that the page repaints smoothly and Stop is
/// answered at once, long enough that yielding costs little (one zero timer per turn).
pub const TURN_MS: f64 = 8.0;

pub struct Turn {
    started: Cell<f64>,
}

impl Turn {
    pub fn new(now_ms: f64) -> Turn {
        Turn { started: Cell::new(now_ms) }
    }

    /// Whether the current turn is used up at `now_ms`.
    pub fn spent(&self, now_ms: f64) -> bool {
        now_ms - self.started.get() >= TURN_MS
    }

    /// A new turn starts (the host just had its own).
    pub fn restart(&self, now_ms: f64) {
        self.started.set(now_ms);
    }
}
