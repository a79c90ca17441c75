//! `pyrun FILE.py`: runs a program on the playground's Python, natively, so that anyone can compare
//! it with `python3 FILE.py`: the same output on stdout, the traceback on stderr, the same exit code.
//!
//! `--virtual-clock` runs on virtual time (sleeps take no time and timings are exact), as the page's
//! model does; without it, `time.sleep` really sleeps.

use std::sync::Arc;

use concurrency_playground::core::python::runtime::{Output, Runtime};
use concurrency_playground::core::python::value::{Shared, Value};
use concurrency_playground::core::python::vm::{Resume, Vm};
use concurrency_playground::core::python::{run_program, stdlib, Driver};

/// Writes straight to the process's stdout and stderr, as python3 does (line by line).
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

/// The runner's clock: real time since start, or virtual time moved only by sleeps.
struct RunClock {
    start: std::time::Instant,
    virtual_now: Shared<f64>,
    is_virtual: bool,
}

impl stdlib::Clock for RunClock {
    fn now(&self) -> f64 {
        if self.is_virtual {
            *self.virtual_now.lock()
        } else {
            self.start.elapsed().as_secs_f64()
        }
    }
}

fn main() {
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
    let rt = Runtime::new(Arc::new(Stdio));
    let clock = Arc::new(RunClock { start: std::time::Instant::now(), virtual_now: Shared::new(0.0), is_virtual });
    let as_clock: Box<dyn stdlib::Clock> = Box::new(RunClockRef(clock.clone()));
    rt.extensions.lock().insert("clock", Arc::new(as_clock));
    rt.extensions.lock().insert("sleep", Arc::new(()));
    let mut driver = Sleeper { clock };
    let ending = run_program(&rt, &source, path, &mut driver);
    eprint!("{}", ending.stderr());
    std::process::exit(ending.exit_code());
}

/// Answers `time.sleep` by sleeping, or by moving the virtual clock.
struct Sleeper {
    clock: Arc<RunClock>,
}

impl Driver for Sleeper {
    fn suspend(&mut self, _vm: &mut Vm, request: &Value) -> Resume {
        if let Value::Tuple(t) = request {
            if let (Some(Value::Str(kind)), Some(Value::Float(secs))) = (t.first(), t.get(1)) {
                if &**kind == "time.sleep" {
                    if self.clock.is_virtual {
                        *self.clock.virtual_now.lock() += secs;
                    } else {
                        std::thread::sleep(std::time::Duration::from_secs_f64(*secs));
                    }
                }
            }
        }
        Resume::Value(Value::None)
    }
}

struct RunClockRef(Arc<RunClock>);

impl stdlib::Clock for RunClockRef {
    fn now(&self) -> f64 {
        stdlib::Clock::now(&*self.0)
    }
}
