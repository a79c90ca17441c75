//! The clock an edited program's model runs on: virtual time that still gives the host its turns.
//!
//! A lesson's listing has a hand-written timing model; a program the learner wrote has none, so
//! its model is the program itself on a virtual clock: every sleep takes exactly its time, and
//! computing takes none. In the page that run shares the main thread with everything else, so it
//! must not freeze it: a computing model hands the page a turn every `TURN_MS` of the host's real
//! time, as a real run does, while its own time stands still.

use std::cell::Cell;
use std::rc::Rc;

use futures::future::LocalBoxFuture;

use super::event_loop::{Clock, VirtualClock};
use super::pymodules::turn::TURN_MS;

pub struct ModelClock {
    time: VirtualClock,
    /// The host's clock: its time measures turns, its zero sleep is a turn for the host.
    host: Rc<dyn Clock>,
    last_host_turn: Cell<f64>,
}

impl ModelClock {
    pub fn new(host: Rc<dyn Clock>) -> ModelClock {
        let now = host.now_ms();
        ModelClock { time: VirtualClock::default(), host, last_host_turn: Cell::new(now) }
    }
}

impl Clock for ModelClock {
    fn now_ms(&self) -> f64 {
        self.time.now_ms()
    }

    /// Virtual time moves on at once; the host gets a real turn only when its last one is a turn's
    /// length ago, so that ten thousand short sleeps do not cost ten thousand real timers.
    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
        let advanced = self.time.sleep_ms(ms);
        let now = self.host.now_ms();
        if now - self.last_host_turn.get() < TURN_MS {
            return advanced;
        }
        self.last_host_turn.set(now);
        self.host.sleep_ms(0.0)
    }

    fn host_ms(&self) -> f64 {
        self.host.now_ms()
    }
}
