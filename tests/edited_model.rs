//! The model of an edited program: the same program on a virtual clock, where every sleep takes
//! exactly its time and computing takes none, run on the page's main thread without freezing it.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use concurrency_playground::core::event_loop::Clock;
use concurrency_playground::core::interpreted::model_ms;

/// The host's clock as a test sees it: time moves a little at every reading (a program that
/// computes makes the host's time pass), and every zero sleep is a turn the host got. After
/// `turns_before_stop` turns the host presses Stop; after a million readings without enough turns
/// it presses Stop too.
struct HostClock {
    now: Cell<f64>,
    readings: Cell<u64>,
    turns: Rc<Cell<u32>>,
    turns_before_stop: u32,
    stop: Arc<AtomicBool>,
}

impl Clock for HostClock {
    fn now_ms(&self) -> f64 {
        self.readings.set(self.readings.get() + 1);
        if self.readings.get() > 1_000_000 {
            self.stop.store(true, Ordering::Relaxed);
        }
        self.now.set(self.now.get() + 0.5);
        self.now.get()
    }

    fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
        if ms <= 0.0 {
            self.turns.set(self.turns.get() + 1);
            if self.turns.get() >= self.turns_before_stop {
                self.stop.store(true, Ordering::Relaxed);
            }
        }
        self.now.set(self.now.get() + ms.max(0.0));
        futures::future::ready(()).boxed_local()
    }
}

fn host(turns_before_stop: u32) -> (Rc<HostClock>, Rc<Cell<u32>>, Arc<AtomicBool>) {
    let stop = Arc::new(AtomicBool::new(false));
    let turns = Rc::new(Cell::new(0));
    let clock = HostClock { now: Cell::new(0.0), readings: Cell::new(0), turns: turns.clone(), turns_before_stop, stop: stop.clone() };
    (Rc::new(clock), turns, stop)
}

#[test]
fn the_model_of_a_program_counts_its_sleeps_and_not_its_computing() {
    // Two tasks sleep at once (the longer one counts), a loop computes (it counts for nothing),
    // and time.sleep blocks the loop for its whole length.
    let source = "\
import asyncio, time

async def work(seconds):
    await asyncio.sleep(seconds)
    return sum(i * i for i in range(20000))

async def main():
    await asyncio.gather(work(0.5), work(1.5))
    time.sleep(0.25)

asyncio.run(main())
";
    let (clock, _, stop) = host(u32::MAX);
    let model = futures::executor::block_on(model_ms(source, "edited.py", clock, None, stop));
    assert_eq!(model, Some(1750.0));
}

#[test]
fn a_model_that_ends_in_an_exception_counts_up_to_it() {
    let source = "import asyncio\n\nasync def main():\n    await asyncio.sleep(0.3)\n    raise ValueError('late')\n\nasyncio.run(main())\n";
    let (clock, _, stop) = host(u32::MAX);
    let model = futures::executor::block_on(model_ms(source, "edited.py", clock, None, stop));
    assert_eq!(model, Some(300.0));
}

/// On the virtual clock a computing program takes no time, so it would never use up a turn of its
/// own clock: the model measures its turns on the host's time and hands the host a turn each time,
/// whether the program computes in a coroutine or at module level.
#[test]
fn a_model_that_computes_forever_still_gives_the_host_its_turns() {
    let programs = [
        ("in a coroutine", "import asyncio\n\nasync def spin():\n    while True:\n        pass\n\nasyncio.run(spin())\n"),
        ("at module level", "n = 0\nwhile True:\n    n += 1\n"),
    ];
    for (place, source) in programs {
        let (clock, turns, stop) = host(5);
        // A model that never reads the host's time would never be stopped by the host: a watchdog
        // presses Stop after a while, so that such a model fails this test instead of hanging it.
        let watchdog = stop.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(20));
            watchdog.store(true, Ordering::Relaxed);
        });
        let model = futures::executor::block_on(model_ms(source, "edited.py", clock, None, stop));
        assert_eq!(model, None, "{place}: Stop ends the model");
        assert_eq!(turns.get(), 5, "{place}: the host got its turns, and pressed Stop after the fifth");
    }
}
