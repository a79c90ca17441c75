//! One Python function on two OS threads over one heap, with the GIL on and off.
//!
//! Under the GIL the threads take turns, handing it over only at check points (as CPython 3.11
//! does), so `counter += 1` in a loop is never split and no update is lost, however often they
//! switch, as python3 does for the same program (tests/python/threads/gil_counter.py, with the
//! output generate.py recorded; the corpus test does not run that area, since the interpreter
//! has no `threading` module yet). With the GIL off both threads run
//! bytecode at once, another thread comes between the load and the store, and updates are lost.

use std::sync::Arc;

use concurrency_playground::core::python::gil::run_thread;
use concurrency_playground::core::python::runtime::{Captured, Runtime};
use concurrency_playground::core::python::value::{Args, Value};
use concurrency_playground::core::python::vm::{Resume, Vm};
use concurrency_playground::core::python::{run_program, Driver, Ending};

/// The program's definitions: everything above its `import threading`, which CPython runs on
/// two threads of its own. Each thread counts, and notes every time it finds that the other
/// thread ran since its own last step: evidence that the threads really took turns.
fn definitions() -> String {
    let text = std::fs::read_to_string(corpus_file("gil_counter.py")).expect("the program is in the corpus");
    text.split("\nimport threading").next().unwrap_or_default().to_string()
}

fn corpus_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/threads").join(name)
}

/// What python3 printed for the program: the counter after two threads of 300000 increments.
fn cpython_counter() -> i64 {
    let out = std::fs::read_to_string(corpus_file("gil_counter.out")).expect("generate.py recorded the output");
    out.split_whitespace().next().and_then(|n| n.parse().ok()).expect("the output starts with the counter")
}

/// These threads make no blocking calls.
struct NothingBlocks;

impl Driver for NothingBlocks {
    fn suspend(&mut self, vm: &mut Vm, _request: &Value) -> Resume {
        Resume::Throw(vm.new_exception(&vm.rt.types.exception("RuntimeError"), vec![Value::str("no blocking calls here")]))
    }
}

struct Counted {
    counter: i64,
    turns: i64,
}

fn count_on_two_threads(gil: bool, n: i64) -> Counted {
    let rt = Runtime::new(Arc::new(Captured::default()));
    rt.gil.set_enabled(gil);
    assert_eq!(run_program(&rt, &definitions(), "gil_counter.py", &mut NothingBlocks), Ending::Finished);
    let globals = match rt.modules.lock().get("__main__") {
        Some(Value::Module(m)) => m.dict.clone(),
        _ => panic!("no __main__ module"),
    };
    let work = globals.lock().get_str("work").expect("work is defined");
    std::thread::scope(|scope| {
        for name in ["A", "B"] {
            let (rt, work) = (rt.clone(), work.clone());
            scope.spawn(move || {
                let mut vm = Vm::new(rt);
                let args = Args::new(vec![Value::str(name), Value::Int(n)]);
                if let Err(e) = run_thread(&mut vm, &work, args, &mut NothingBlocks) {
                    panic!("thread {name} raised {}", vm.repr(&e).unwrap_or_default());
                }
            });
        }
    });
    let int = |name: &str| match globals.lock().get_str(name) {
        Some(Value::Int(i)) => i,
        _ => panic!("{name} is not an int"),
    };
    Counted { counter: int("counter"), turns: int("turns") }
}

#[test]
fn under_the_gil_counter_plus_one_loses_nothing_however_often_the_threads_switch() {
    let n = 300_000;
    let run = count_on_two_threads(true, n);
    // Both threads ran in many turns, so a switch could have split the increment if the GIL
    // allowed it anywhere.
    assert!(run.turns > 4, "the threads took {} turns: they did not interleave", run.turns);
    assert_eq!(run.counter, 2 * n, "an update was lost under the GIL ({} turns)", run.turns);
    assert_eq!(run.counter, cpython_counter(), "CPython's GIL kept every update too");
}

#[test]
fn without_the_gil_counter_plus_one_loses_updates() {
    let n = 300_000;
    let run = count_on_two_threads(false, n);
    assert!(run.counter < 2 * n, "no update was lost in {} turns: the threads never ran at once", run.turns);
    assert!(run.counter >= n, "each thread's own updates are at least kept: {}", run.counter);
}
