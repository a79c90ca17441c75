//! `pyrun FILE.py`: runs a program on the playground's Python, natively, so that anyone can compare
//! it with `python3 FILE.py`: the same output on stdout, the traceback on stderr, the same exit code.
//! asyncio runs on the same event-loop engine as in the page.
//!
//! `--virtual-clock` runs on virtual time (sleeps take no time and timings are exact), as the page's
//! model does; without it, sleeps really wait.

// The runner is native only: `cargo test --target wasm32-unknown-unknown` builds every binary of
// the package too, and a command-line program has nothing to do in the page.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::rc::Rc;
    use std::sync::Arc;

    use concurrency_playground::core::event_loop::{Clock, VirtualClock};
    use concurrency_playground::core::pymodules::{run_async_program, ProgramRun};
    use concurrency_playground::core::python::runtime::Output;
    use concurrency_playground::core::python::vm::Vm;
    use concurrency_playground::core::trace::null_sink;
    use futures::future::LocalBoxFuture;
    use futures::FutureExt;

    /// Writes straight to the process's stdout and stderr, as python3 does.
    struct Stdio;

    impl Output for Stdio {
        fn write(&self, _vm: &Vm, text: &str) {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
        fn write_err(&self, _vm: &Vm, text: &str) {
            eprint!("{text}");
        }
    }

    /// The real clock: milliseconds since start, and timers that really wait.
    struct RealClock(std::time::Instant);

    impl Clock for RealClock {
        fn now_ms(&self) -> f64 {
            self.0.elapsed().as_secs_f64() * 1000.0
        }
        fn sleep_ms(&self, ms: f64) -> LocalBoxFuture<'static, ()> {
            futures_timer::Delay::new(std::time::Duration::from_secs_f64(ms.max(0.0) / 1000.0)).boxed_local()
        }
    }

    pub fn main() {
        let mut args: Vec<String> = std::env::args().skip(1).collect();
        let is_virtual = match args.iter().position(|a| a == "--virtual-clock") {
            Some(i) => {
                args.remove(i);
                true
            }
            None => false,
        };
        let Some(path) = args.first() else {
            eprintln!("usage: pyrun [--virtual-clock] FILE.py");
            std::process::exit(2);
        };
        let source = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("pyrun: can't open file '{path}': {e}");
                std::process::exit(2);
            }
        };
        let clock: Rc<dyn Clock> = if is_virtual { Rc::new(VirtualClock::default()) } else { Rc::new(RealClock(std::time::Instant::now())) };
        let run = ProgramRun::new(null_sink(), Some(Arc::new(Stdio)));
        let ending = futures::executor::block_on(run_async_program(&source, path, clock, run));
        eprint!("{}", ending.stderr());
        std::process::exit(ending.exit_code());
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}
