//! The standard-library modules that know nothing of the engines: `time` (its clock only),
//! `sys`, `os`, `math`. Modules that need an engine (asyncio, threading) are added by the layer
//! above through [`Runtime::add_module`].

use std::sync::Arc;

use super::builtins::{arg, native};
use super::dict::Dict;
use super::ops::as_float;
use super::runtime::Runtime;
use super::value::*;
use super::vm::{Flow, Unwind, Vm};

/// A module made of native functions and constants.
pub fn module(name: &str, items: Vec<(&str, Value)>) -> Value {
    let mut d = Dict::new();
    d.set_str("__name__", Value::str(name));
    for (k, v) in items {
        d.set_str(k, v);
    }
    Value::Module(Arc::new(Module { name: name.to_string(), dict: Arc::new(Shared::new(d)) }))
}

/// The clock a run reads: seconds since the run started, set by the host (virtual or real).
pub trait Clock: Send + Sync {
    fn now(&self) -> f64;
}

/// The host's clock for `time.time()`, `time.monotonic()` and `time.perf_counter()`.
pub fn clock_now(vm: &Vm) -> f64 {
    let ext = vm.rt.extensions.lock().get("clock").cloned();
    match ext.and_then(|c| c.downcast::<Box<dyn Clock>>().ok()) {
        Some(c) => c.now(),
        None => 0.0,
    }
}

fn time_now(vm: &mut Vm, _a: Args) -> Flow<Value> {
    // `time.time()` is the wall clock; a fixed epoch offset keeps it realistic and exact.
    Ok(Value::Float(1_700_000_000.0 + clock_now(vm)))
}

fn time_monotonic(vm: &mut Vm, _a: Args) -> Flow<Value> {
    Ok(Value::Float(1000.0 + clock_now(vm)))
}

fn time_sleep(vm: &mut Vm, a: Args) -> Flow<Value> {
    let secs = arg(vm, &a, 0, "sleep")?;
    let Some(s) = as_float(&secs) else { return Err(vm.type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(&secs)))) };
    if s < 0.0 {
        return Err(vm.exc("ValueError", "sleep length must be non-negative"));
    }
    // Blocking is the host's business: it gets a request and answers when the time is up.
    let request = vm.rt.extensions.lock().get("sleep").cloned();
    match request {
        Some(_) => Err(Unwind::Suspend(Value::tuple(vec![Value::str("time.sleep"), Value::Float(s)]))),
        None => Ok(Value::None),
    }
}

fn make_time(_vm: &mut Vm) -> Flow<Value> {
    Ok(module(
        "time",
        vec![
            ("time", native("time", "", time_now)),
            ("monotonic", native("monotonic", "", time_monotonic)),
            ("perf_counter", native("perf_counter", "", time_monotonic)),
            ("sleep", native("sleep", "", time_sleep)),
        ],
    ))
}

fn sys_exit(vm: &mut Vm, a: Args) -> Flow<Value> {
    let code = a.pos.first().cloned().map(|c| vec![c]).unwrap_or_default();
    Err(Unwind::Raise(vm.new_exception(&vm.rt.types.exception("SystemExit"), code)))
}

fn make_sys(_vm: &mut Vm) -> Flow<Value> {
    Ok(module(
        "sys",
        vec![
            ("exit", native("exit", "", sys_exit)),
            ("version", Value::str("3.11 (Concurrency Playground)")),
            ("platform", Value::str("playground")),
            ("argv", Value::list(vec![Value::str("main.py")])),
            ("maxsize", Value::Int(i64::MAX)),
            ("stdout", module("sys.stdout", vec![])),
            ("stderr", module("sys.stderr", vec![])),
        ],
    ))
}

fn os_getpid(_vm: &mut Vm, _a: Args) -> Flow<Value> {
    Ok(Value::Int(4242))
}

fn make_os(_vm: &mut Vm) -> Flow<Value> {
    Ok(module("os", vec![("getpid", native("getpid", "", os_getpid)), ("name", Value::str("posix")), ("cpu_count", native("cpu_count", "", |_vm, _a| Ok(Value::Int(2))))]))
}

fn float_arg(vm: &mut Vm, a: &Args, name: &str) -> Flow<f64> {
    let v = arg(vm, a, 0, name)?;
    as_float(&v).ok_or_else(|| vm.type_error(format!("must be real number, not {}", vm.type_name(&v))))
}

fn math_sqrt(vm: &mut Vm, a: Args) -> Flow<Value> {
    let x = float_arg(vm, &a, "sqrt")?;
    if x < 0.0 {
        return Err(vm.exc("ValueError", "math domain error"));
    }
    Ok(Value::Float(x.sqrt()))
}
fn math_floor(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = arg(vm, &a, 0, "floor")?;
    if matches!(v, Value::Int(_) | Value::Big(_)) {
        return Ok(v);
    }
    let x = float_arg(vm, &a, "floor")?;
    Ok(Value::Int(x.floor() as i64))
}
fn math_ceil(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = arg(vm, &a, 0, "ceil")?;
    if matches!(v, Value::Int(_) | Value::Big(_)) {
        return Ok(v);
    }
    let x = float_arg(vm, &a, "ceil")?;
    Ok(Value::Int(x.ceil() as i64))
}
fn math_isclose(vm: &mut Vm, a: Args) -> Flow<Value> {
    let x = float_arg(vm, &a, "isclose")?;
    let yv = arg(vm, &a, 1, "isclose")?;
    let y = as_float(&yv).unwrap_or(f64::NAN);
    let rel = super::builtins::kwarg(&a, "rel_tol").and_then(|v| as_float(&v)).unwrap_or(1e-9);
    let abs = super::builtins::kwarg(&a, "abs_tol").and_then(|v| as_float(&v)).unwrap_or(0.0);
    Ok(Value::Bool(x == y || (x - y).abs() <= (rel * x.abs().max(y.abs())).max(abs)))
}
fn math_log(vm: &mut Vm, a: Args) -> Flow<Value> {
    let x = float_arg(vm, &a, "log")?;
    if x <= 0.0 {
        return Err(vm.exc("ValueError", "math domain error"));
    }
    Ok(Value::Float(match a.pos.get(1).and_then(as_float) {
        Some(b) => x.ln() / b.ln(),
        None => x.ln(),
    }))
}
fn math_factorial(vm: &mut Vm, a: Args) -> Flow<Value> {
    let n = super::builtins::to_i64(vm, &arg(vm, &a, 0, "factorial")?)?;
    if n < 0 {
        return Err(vm.exc("ValueError", "factorial() not defined for negative values"));
    }
    let mut acc = num_bigint::BigInt::from(1);
    for i in 2..=n {
        acc *= i;
    }
    Ok(Value::from_big(acc))
}

fn make_math(_vm: &mut Vm) -> Flow<Value> {
    Ok(module(
        "math",
        vec![
            ("pi", Value::Float(std::f64::consts::PI)),
            ("e", Value::Float(std::f64::consts::E)),
            ("inf", Value::Float(f64::INFINITY)),
            ("nan", Value::Float(f64::NAN)),
            ("sqrt", native("sqrt", "", math_sqrt)),
            ("floor", native("floor", "", math_floor)),
            ("ceil", native("ceil", "", math_ceil)),
            ("isclose", native("isclose", "", math_isclose)),
            ("log", native("log", "", math_log)),
            ("factorial", native("factorial", "", math_factorial)),
            ("sin", native("sin", "", math_sin)),
            ("cos", native("cos", "", math_cos)),
            ("tan", native("tan", "", math_tan)),
            ("exp", native("exp", "", math_exp)),
            ("trunc", native("trunc", "", math_trunc)),
            ("tau", Value::Float(std::f64::consts::TAU)),
        ],
    ))
}

/// Runs a module written in Python (shipped with the interpreter) and returns it.
pub fn source_module(vm: &mut Vm, name: &str, source: &str) -> Flow<Value> {
    let filename = format!("<{name}>");
    let code = super::compiler::compile_module(source, &filename).map_err(|e| vm.exc("SyntaxError", format!("in the built-in module {name}, line {}: {}", e.line, e.message)))?;
    let mut d = Dict::new();
    d.set_str("__name__", Value::str(name));
    let dict = Arc::new(Shared::new(d));
    let module = Value::Module(Arc::new(Module { name: name.to_string(), dict: dict.clone() }));
    // Registered before it runs, so that a module importing it back finds it (as in CPython).
    vm.rt.modules.lock().insert(name.to_string(), module.clone());
    let frame = super::frame::Frame::new(code, dict.clone(), Some(dict));
    if let Err(e) = vm.run_nested(vec![frame]) {
        vm.rt.modules.lock().remove(name);
        return Err(e);
    }
    Ok(module)
}

fn make_contextvars(vm: &mut Vm) -> Flow<Value> {
    source_module(vm, "contextvars", include_str!("lib/contextvars.py"))
}

fn make_random(vm: &mut Vm) -> Flow<Value> {
    source_module(vm, "random", include_str!("lib/random.py"))
}

fn unary_math(vm: &mut Vm, a: &Args, name: &str, f: fn(f64) -> f64) -> Flow<Value> {
    let x = float_arg(vm, a, name)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(vm.exc("ValueError", "math domain error"));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(vm.exc("OverflowError", "math range error"));
    }
    Ok(Value::Float(r))
}

fn math_sin(vm: &mut Vm, a: Args) -> Flow<Value> {
    unary_math(vm, &a, "sin", f64::sin)
}
fn math_cos(vm: &mut Vm, a: Args) -> Flow<Value> {
    unary_math(vm, &a, "cos", f64::cos)
}
fn math_tan(vm: &mut Vm, a: Args) -> Flow<Value> {
    unary_math(vm, &a, "tan", f64::tan)
}
fn math_exp(vm: &mut Vm, a: Args) -> Flow<Value> {
    unary_math(vm, &a, "exp", f64::exp)
}
fn math_trunc(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = arg(vm, &a, 0, "trunc")?;
    if matches!(v, Value::Int(_) | Value::Big(_)) {
        return Ok(v);
    }
    let x = float_arg(vm, &a, "trunc")?;
    Ok(Value::Int(x.trunc() as i64))
}

pub fn install(rt: &Runtime) {
    rt.add_module("contextvars", make_contextvars);
    rt.add_module("_random", super::random::make_module);
    rt.add_module("random", make_random);
    rt.add_module("time", make_time);
    rt.add_module("sys", make_sys);
    rt.add_module("os", make_os);
    rt.add_module("math", make_math);
}
