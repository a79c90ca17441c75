//! Our Python: the concurrency subset of the language, compiled to bytecode and run on heap frames.
//!
//! The language layer knows no engine and no browser. Its layout, front to back:
//! - [`compiler`] (with [`scope`] and [`syntax`]): Ruff's parser, the symbol table, code generation;
//!   what we do not run is refused here with its line.
//! - [`bytecode`]: instructions and code objects, and a `dis`-style listing of them.
//! - [`frame`] and [`vm`]: the dispatch loop over frames that live on the heap, so that any
//!   execution can be set aside and resumed (generators, coroutines, pre-emption).
//! - [`value`], [`dict`], [`sets`], [`types`]: the object model, built to be shared by threads.
//! - [`ops`], [`format`], [`iterators`], [`builtins`], [`methods`], [`stdlib`]: what the built-in
//!   types and functions do, with CPython's messages.
//! - [`traceback`]: what an uncaught exception prints.
//! - [`runtime`]: the state one run shares between its threads, and [`gil`], how they take turns.
//!
//! Modules that need an engine (asyncio on the event loop, threading on real threads) belong to
//! the layer above and plug in through [`runtime::Runtime::add_module`].

pub mod builtins;
pub mod bytecode;
pub mod compiler;
pub mod dict;
pub mod format;
pub mod frame;
pub mod gil;
pub mod iterators;
pub mod methods;
pub mod ops;
pub mod random;
pub mod runtime;
pub mod scope;
pub mod sets;
pub mod stdlib;
pub mod syntax;
pub mod traceback;
pub mod types;
pub mod value;
pub mod vm;

use std::sync::Arc;

use dict::Dict;
use frame::Frame;
use runtime::Runtime;
use value::{Module, Shared, Value};
use vm::{Exit, Resume, Vm};

/// How a program's run ended, as `python3` would report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The module ran to its end: exit code 0.
    Finished,
    /// An uncaught exception (or a syntax error): the text for stderr, and exit code 1.
    Failed { stderr: String },
    /// `sys.exit(...)`: the exit code, and what it printed (for `sys.exit("message")`).
    Exited { code: i32, stderr: String },
    /// The driver stopped the run (Stop, or a time limit).
    Stopped,
}

impl Ending {
    pub fn exit_code(&self) -> i32 {
        match self {
            Ending::Finished => 0,
            Ending::Failed { .. } => 1,
            Ending::Exited { code, .. } => *code,
            Ending::Stopped => 130,
        }
    }

    pub fn stderr(&self) -> &str {
        match self {
            Ending::Finished => "",
            Ending::Stopped => "[stopped]\n",
            Ending::Failed { stderr } | Ending::Exited { stderr, .. } => stderr,
        }
    }
}

/// The `__main__` module of a run, with the program's source kept for tracebacks.
pub fn main_module(rt: &Arc<Runtime>) -> Arc<Module> {
    let mut d = Dict::new();
    d.set_str("__name__", Value::str("__main__"));
    d.set_str("__builtins__", Value::Dict(rt.builtins.clone()));
    let m = Arc::new(Module { name: "__main__".into(), dict: Arc::new(Shared::new(d)) });
    rt.modules.lock().insert("__main__".into(), Value::Module(m.clone()));
    m
}

/// Turns an exception that left the program into how the run ended.
pub fn ending_of(vm: &mut Vm, exc: &Value, source: &str) -> Ending {
    if vm.is_instance_of(exc, "SystemExit") {
        let args = format::exception_args(exc);
        return match args.first() {
            None | Some(Value::None) => Ending::Exited { code: 0, stderr: String::new() },
            Some(Value::Int(i)) => Ending::Exited { code: *i as i32, stderr: String::new() },
            Some(other) => {
                let text = vm.str_of(other).unwrap_or_default();
                Ending::Exited { code: 1, stderr: format!("{text}\n") }
            }
        };
    }
    let lines: Vec<String> = source.lines().map(String::from).collect();
    let source_of = move |_file: &str, line: u32| lines.get(line.saturating_sub(1) as usize).cloned();
    Ending::Failed { stderr: traceback::format_exception(vm, exc, &source_of) }
}

/// What drives a synchronous run: it answers suspension requests (the native runner and tests
/// answer `time.sleep` by advancing their clock) and says, at every time slice, whether to stop.
pub trait Driver {
    fn suspend(&mut self, vm: &mut Vm, request: &Value) -> Resume;
    /// Asked every few thousand instructions; true ends the run with [`Ending::Stopped`].
    fn should_stop(&mut self) -> bool {
        false
    }
}

/// Runs a program to its end on this thread.
pub fn run_program(rt: &Arc<Runtime>, source: &str, filename: &str, driver: &mut dyn Driver) -> Ending {
    let code = match compiler::compile_module(source, filename) {
        Ok(c) => c,
        Err(e) => return Ending::Failed { stderr: traceback::format_syntax_error(filename, &e) },
    };
    let module = main_module(rt);
    let mut vm = Vm::new(rt.clone());
    vm.preemptive = true;
    let frame = Frame::new(code, module.dict.clone(), Some(module.dict.clone()));
    let mut frames = vec![frame];
    let mut resume = Resume::Continue;
    loop {
        match vm.execute(std::mem::take(&mut frames), resume) {
            Exit::Return(_) => return Ending::Finished,
            Exit::Raise(e) => return ending_of(&mut vm, &e, source),
            Exit::Suspend(request, saved) => {
                frames = saved;
                resume = driver.suspend(&mut vm, &request);
            }
            Exit::Preempt(saved) => {
                if driver.should_stop() {
                    return Ending::Stopped;
                }
                frames = saved;
                resume = Resume::Continue;
            }
            Exit::Yield(_, saved) => {
                frames = saved;
                resume = Resume::Continue;
            }
        }
    }
}
