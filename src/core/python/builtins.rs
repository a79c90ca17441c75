//! Built-in functions (`print`, `len`, `range`, ...) and the constructors of the built-in types.
//! Methods of the types live in [`super::methods`].

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use super::dict::Dict;
use super::ops::{as_float, big};
use super::runtime::Runtime;
use super::value::*;
use super::vm::{Flow, GenStep, Resume, Unwind, Vm};

pub fn native(name: &'static str, owner: &'static str, func: NativeFn) -> Value {
    Value::Native(Arc::new(Native { name, owner, func, data: None }))
}

/// Argument `i`, or a TypeError naming the function when it is missing.
pub fn arg(vm: &Vm, args: &Args, i: usize, fname: &str) -> Flow<Value> {
    args.pos.get(i).cloned().ok_or_else(|| vm.type_error(format!("{fname}() missing required argument (pos {})", i + 1)))
}

pub fn kwarg(args: &Args, name: &str) -> Option<Value> {
    args.kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
}

fn check_count(vm: &Vm, args: &Args, min: usize, max: usize, fname: &str) -> Flow<()> {
    let n = args.pos.len();
    if n < min || n > max {
        if min == max {
            return Err(vm.type_error(format!("{fname}() takes exactly {} argument{} ({n} given)", min, if min == 1 { "" } else { "s" })));
        }
        if n < min {
            return Err(vm.type_error(format!("{fname} expected at least {min} argument{}, got {n}", if min == 1 { "" } else { "s" })));
        }
        return Err(vm.type_error(format!("{fname} expected at most {max} argument{}, got {n}", if max == 1 { "" } else { "s" })));
    }
    Ok(())
}

pub fn to_i64(vm: &mut Vm, v: &Value) -> Flow<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Big(_) => Err(vm.exc("OverflowError", "Python int too large to convert to C ssize_t")),
        other => {
            if let Some(m) = vm.class_of(other).lookup("__index__") {
                let r = vm.call(&m, Args::new(vec![other.clone()]))?;
                return to_i64(vm, &r);
            }
            Err(vm.type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(other))))
        }
    }
}

fn builtin_print(vm: &mut Vm, args: Args) -> Flow<Value> {
    let sep = match kwarg(&args, "sep") {
        None | Some(Value::None) => " ".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => return Err(vm.type_error(format!("sep must be None or a string, not {}", vm.type_name(&other)))),
    };
    let end = match kwarg(&args, "end") {
        None | Some(Value::None) => "\n".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => return Err(vm.type_error(format!("end must be None or a string, not {}", vm.type_name(&other)))),
    };
    let to_err = matches!(kwarg(&args, "file"), Some(Value::Module(m)) if m.name == "sys.stderr") || matches!(kwarg(&args, "file"), Some(Value::Host(h)) if h.repr() == "<stderr>");
    let mut text = String::new();
    for (i, a) in args.pos.iter().enumerate() {
        if i > 0 {
            text.push_str(&sep);
        }
        text.push_str(&vm.str_of(a)?);
    }
    text.push_str(&end);
    write_out(vm, &text, to_err)?;
    Ok(Value::None)
}

/// Writes printed text, holding a run to its output cap.
pub fn write_out(vm: &mut Vm, text: &str, to_err: bool) -> Flow<()> {
    use std::sync::atomic::Ordering;
    let before = vm.rt.printed.fetch_add(text.len(), Ordering::Relaxed);
    if before + text.len() > vm.rt.max_output {
        if before <= vm.rt.max_output {
            let rt = vm.rt.clone();
            rt.output.write_err(vm, &format!("\n[output stopped: the program printed more than {} characters]\n", vm.rt.max_output));
        }
        return Ok(());
    }
    let rt = vm.rt.clone();
    if to_err {
        rt.output.write_err(vm, text);
    } else {
        rt.output.write(vm, text);
    }
    Ok(())
}

fn builtin_len(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "len")?;
    vm.len(&args.pos[0]).map(|n| Value::Int(n as i64))
}

fn builtin_repr(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "repr")?;
    vm.repr(&args.pos[0]).map(|s| Value::str(&s))
}

fn builtin_ascii(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "ascii")?;
    let r = vm.repr(&args.pos[0])?;
    Ok(Value::str(&super::format::ascii(&r)))
}

fn builtin_format(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 2, "format")?;
    let spec = match args.pos.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    vm.format(&args.pos[0], &spec).map(|s| Value::str(&s))
}

fn builtin_abs(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "abs")?;
    Ok(match &args.pos[0] {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::from_big(BigInt::from(*i).abs()),
        },
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Big(b) => Value::from_big(b.abs()),
        Value::Float(f) => Value::Float(f.abs()),
        other => {
            if let Some(m) = vm.class_of(other).lookup("__abs__") {
                return vm.call(&m, Args::new(vec![other.clone()]));
            }
            return Err(vm.type_error(format!("bad operand type for abs(): '{}'", vm.type_name(other))));
        }
    })
}

fn builtin_round(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 2, "round")?;
    let nd = match args.pos.get(1).or(kwarg(&args, "ndigits").as_ref()) {
        None | Some(Value::None) => None,
        Some(v) => Some(to_i64(vm, v)?),
    };
    match (&args.pos[0], nd) {
        (Value::Float(f), None) => {
            if f.is_nan() {
                return Err(vm.exc("ValueError", "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(vm.exc("OverflowError", "cannot convert float infinity to integer"));
            }
            let r = f.round_ties_even();
            Ok(if r.abs() < 9.2e18 { Value::Int(r as i64) } else { Value::from_big(BigInt::from(r as i128)) })
        }
        (Value::Float(f), Some(n)) => Ok(Value::Float(round_float(*f, n))),
        (v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_)), nd) => {
            let n = big(v).unwrap_or_default();
            match nd {
                // Rounding to more digits than the number has gives 0.
                Some(d) if d < 0 && (-(d as i128)) as u64 > n.to_string().len() as u64 => Ok(Value::Int(0)),
                Some(d) if d < 0 => {
                    let p = num_traits::pow(BigInt::from(10), (-d) as usize);
                    let (q, r) = num_integer::Integer::div_mod_floor(&n, &p);
                    let twice = &r * 2;
                    let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) { q + 1 } else { q };
                    Ok(Value::from_big(q * p))
                }
                _ => Ok(Value::from_big(n)),
            }
        }
        (other, _) => {
            if let Some(m) = vm.class_of(other).lookup("__round__") {
                return vm.call(&m, Args::new(args.pos.clone()));
            }
            Err(vm.type_error(format!("type {} doesn't define __round__ method", vm.type_name(other))))
        }
    }
}

/// `round(x, n)` for floats, correctly rounded as CPython does (through the shortest repr of the
/// exact decimal value, half to even).
fn round_float(f: f64, n: i64) -> f64 {
    if !f.is_finite() || n > 300 {
        return f;
    }
    if n < -308 {
        return 0.0 * f;
    }
    if n >= 0 {
        // Format with exactly n decimals from the exact binary value, which rounds half-even on
        // the exact value as CPython's dtoa-based round does.
        let s = format!("{:.*}", n as usize, f);
        return s.parse().unwrap_or(f);
    }
    let p = 10f64.powi((-n) as i32);
    let y = f / p;
    let r = y.round_ties_even();
    let r = if (y - y.trunc()).abs() == 0.5 { r } else { y.round() };
    r * p
}

fn builtin_divmod(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 2, 2, "divmod")?;
    let (a, b) = (&args.pos[0], &args.pos[1]);
    let q = vm.binary(super::bytecode::BinOp::FloorDiv, a, b, false)?;
    let r = vm.binary(super::bytecode::BinOp::Mod, a, b, false)?;
    Ok(Value::tuple(vec![q, r]))
}

fn builtin_pow(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 2, 3, "pow")?;
    if let Some(m) = args.pos.get(2) {
        let (Some(b), Some(e), Some(m)) = (big(&args.pos[0]), big(&args.pos[1]), big(m)) else {
            return Err(vm.type_error("pow() 3rd argument not allowed unless all arguments are integers"));
        };
        if m.is_zero() {
            return Err(vm.exc("ValueError", "pow() 3rd argument cannot be 0"));
        }
        if e.is_negative() {
            return Err(vm.exc("ValueError", "base is not invertible for the given modulus"));
        }
        let r = b.modpow(&e, &m);
        let r = if r.is_negative() != m.is_negative() && !r.is_zero() { r + &m } else { r };
        return Ok(Value::from_big(r));
    }
    vm.binary(super::bytecode::BinOp::Pow, &args.pos[0], &args.pos[1], false)
}

fn min_max(vm: &mut Vm, args: Args, is_max: bool) -> Flow<Value> {
    let fname = if is_max { "max" } else { "min" };
    let key = kwarg(&args, "key").filter(|k| !k.is_none());
    let default = kwarg(&args, "default");
    let items = match args.pos.len() {
        0 => return Err(vm.type_error(format!("{fname} expected at least 1 argument, got 0"))),
        1 => vm.collect(&args.pos[0])?,
        _ => args.pos.clone(),
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(vm.exc("ValueError", format!("{fname}() arg is an empty sequence"))),
        };
    }
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(k) => vm.call(k, Args::new(vec![best.clone()]))?,
        None => best.clone(),
    };
    for item in items.into_iter().skip(1) {
        let k = match &key {
            Some(kf) => vm.call(kf, Args::new(vec![item.clone()]))?,
            None => item.clone(),
        };
        let op = if is_max { super::bytecode::CmpOp::Gt } else { super::bytecode::CmpOp::Lt };
        let better = vm.compare(op, &k, &best_key)?;
        if vm.truthy(&better)? {
            best = item;
            best_key = k;
        }
    }
    Ok(best)
}

fn builtin_max(vm: &mut Vm, args: Args) -> Flow<Value> {
    min_max(vm, args, true)
}

fn builtin_min(vm: &mut Vm, args: Args) -> Flow<Value> {
    min_max(vm, args, false)
}

fn builtin_sum(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 2, "sum")?;
    let mut acc = args.pos.get(1).cloned().or_else(|| kwarg(&args, "start")).unwrap_or(Value::Int(0));
    if matches!(acc, Value::Str(_)) {
        return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    let it = vm.iter(&args.pos[0])?;
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary(super::bytecode::BinOp::Add, &acc, &x, false)?;
    }
    Ok(acc)
}

/// Sorts values with Python's `<` (a stable merge sort, as `list.sort`).
pub fn sort_values(vm: &mut Vm, items: Vec<Value>, key: Option<Value>, reverse: bool) -> Flow<Vec<Value>> {
    let mut keyed: Vec<(Value, Value)> = Vec::with_capacity(items.len());
    for it in items {
        let k = match &key {
            Some(kf) => vm.call(kf, Args::new(vec![it.clone()]))?,
            None => it.clone(),
        };
        keyed.push((k, it));
    }
    // Reverse keeps stability the way CPython does: reverse, sort stably, reverse again.
    if reverse {
        keyed.reverse();
    }
    let mut err = None;
    let mut sorted = merge_sort(vm, keyed, &mut err);
    if let Some(e) = err {
        return Err(e);
    }
    if reverse {
        sorted.reverse();
    }
    Ok(sorted.into_iter().map(|(_, v)| v).collect())
}

fn merge_sort(vm: &mut Vm, mut v: Vec<(Value, Value)>, err: &mut Option<Unwind>) -> Vec<(Value, Value)> {
    if v.len() <= 1 || err.is_some() {
        return v;
    }
    let right = v.split_off(v.len() / 2);
    let left = merge_sort(vm, v, err);
    let right = merge_sort(vm, right, err);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        if err.is_some() {
            break;
        }
        // Take from the right only when it is strictly less: that keeps equal items in order.
        let less = match vm.compare(super::bytecode::CmpOp::Lt, &b.0, &a.0).and_then(|x| vm.truthy(&x)) {
            Ok(b) => b,
            Err(e) => {
                *err = Some(e);
                false
            }
        };
        if less {
            out.push(r.next().unwrap_or_else(|| (Value::None, Value::None)));
        } else {
            out.push(l.next().unwrap_or_else(|| (Value::None, Value::None)));
        }
    }
    out.extend(l);
    out.extend(r);
    out
}

fn builtin_sorted(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "sorted")?;
    let items = vm.collect(&args.pos[0])?;
    let key = kwarg(&args, "key").filter(|k| !k.is_none());
    let reverse = match kwarg(&args, "reverse") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    sort_values(vm, items, key, reverse).map(Value::list)
}

fn builtin_reversed(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "reversed")?;
    let v = &args.pos[0];
    let items = match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_) | Value::Bytes(_) => vm.collect(v)?,
        Value::Dict(d) => d.lock().keys(),
        other => {
            if let Some(m) = vm.class_of(other).lookup("__reversed__") {
                return vm.call(&m, Args::new(vec![other.clone()]));
            }
            if vm.class_of(other).lookup("__len__").is_some() && vm.class_of(other).lookup("__getitem__").is_some() {
                let n = vm.len(other)?;
                let mut out = Vec::new();
                for i in (0..n).rev() {
                    out.push(vm.get_item(other, &Value::Int(i as i64))?);
                }
                return Ok(Value::Iterator(Arc::new(Shared::new(IterState::Items { items: out, index: 0 }))));
            }
            return Err(vm.type_error(format!("'{}' object is not reversible", vm.type_name(other))));
        }
    };
    let mut items = items;
    items.reverse();
    Ok(Value::Iterator(Arc::new(Shared::new(IterState::Items { items, index: 0 }))))
}

fn builtin_enumerate(vm: &mut Vm, args: Args) -> Flow<Value> {
    let Some(it) = args.pos.first().cloned().or_else(|| kwarg(&args, "iterable")) else {
        return Err(vm.type_error("enumerate() missing required argument 'iterable' (pos 1)"));
    };
    let inner = vm.iter(&it)?;
    let start = args.pos.get(1).cloned().or_else(|| kwarg(&args, "start")).unwrap_or(Value::Int(0));
    Ok(Value::Iterator(Arc::new(Shared::new(IterState::Enumerate { inner, count: start }))))
}

fn builtin_zip(vm: &mut Vm, args: Args) -> Flow<Value> {
    let mut inners = Vec::new();
    for (i, a) in args.pos.iter().enumerate() {
        match vm.iter(a) {
            Ok(it) => inners.push(it),
            Err(_) => return Err(vm.type_error(format!("'{}' object is not iterable", vm.type_name(a)))).map_err(|e| {
                let _ = i;
                e
            }),
        }
    }
    if let Some(strict) = kwarg(&args, "strict") {
        if vm.truthy(&strict)? {
            // zip(strict=True): collect to check the lengths as CPython does at the end.
            let mut lists = Vec::new();
            for it in &inners {
                lists.push(vm.collect(it)?);
            }
            let n = lists.first().map(|l| l.len()).unwrap_or(0);
            if let Some((i, _)) = lists.iter().enumerate().find(|(_, l)| l.len() != n) {
                let which = if lists[i].len() < n { "shorter" } else { "longer" };
                return Err(vm.exc("ValueError", format!("zip() argument {} is {which} than argument{} 1", i + 1, if i > 1 { "s" } else { "" })));
            }
            let rows: Vec<Value> = (0..n).map(|r| Value::tuple(lists.iter().map(|l| l[r].clone()).collect())).collect();
            return Ok(Value::Iterator(Arc::new(Shared::new(IterState::Items { items: rows, index: 0 }))));
        }
    }
    Ok(Value::Iterator(Arc::new(Shared::new(IterState::Zip { inners }))))
}

fn builtin_map(vm: &mut Vm, args: Args) -> Flow<Value> {
    if args.pos.len() < 2 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let func = args.pos[0].clone();
    let mut inners = Vec::new();
    for a in &args.pos[1..] {
        inners.push(vm.iter(a)?);
    }
    Ok(Value::Iterator(Arc::new(Shared::new(IterState::Map { func, inners }))))
}

fn builtin_filter(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 2, 2, "filter")?;
    let inner = vm.iter(&args.pos[1])?;
    Ok(Value::Iterator(Arc::new(Shared::new(IterState::Filter { func: args.pos[0].clone(), inner }))))
}

fn builtin_iter(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 2, "iter")?;
    if let Some(sentinel) = args.pos.get(1) {
        return Ok(Value::Iterator(Arc::new(Shared::new(IterState::CallUntil { func: args.pos[0].clone(), sentinel: sentinel.clone() }))));
    }
    vm.iter(&args.pos[0])
}

fn builtin_next(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 2, "next")?;
    let it = &args.pos[0];
    let is_iter = matches!(it, Value::Iterator(_) | Value::Generator(_)) || vm.class_of(it).lookup("__next__").is_some();
    if !is_iter {
        return Err(vm.type_error(format!("'{}' object is not an iterator", vm.type_name(it))));
    }
    if let Value::Generator(g) = it {
        if g.kind == GenKind::Generator {
            return match vm.resume_generator(g, Resume::Value(Value::None)) {
                Ok(GenStep::Yielded(v)) => Ok(v),
                Ok(GenStep::Returned(v)) => match args.pos.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(stop_iteration(vm, v)),
                },
                Err(Unwind::Raise(e)) if vm.is_instance_of(&e, "StopIteration") && args.pos.len() > 1 => Ok(args.pos[1].clone()),
                Err(e) => Err(e),
            };
        }
    }
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => match args.pos.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.exc("StopIteration", "")),
        },
    }
}

/// `StopIteration(value)`: how a generator's return value reaches whoever called `next`.
pub fn stop_iteration(vm: &Vm, value: Value) -> Unwind {
    let args = if value.is_none() { vec![] } else { vec![value.clone()] };
    let e = vm.new_exception(&vm.rt.types.exception("StopIteration"), args);
    if let Value::Instance(i) = &e {
        i.dict.lock().insert(Arc::from("value"), value);
    }
    Unwind::Raise(e)
}

fn builtin_any(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "any")?;
    let it = vm.iter(&args.pos[0])?;
    while let Some(x) = vm.next(&it)? {
        if vm.truthy(&x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn builtin_all(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "all")?;
    let it = vm.iter(&args.pos[0])?;
    while let Some(x) = vm.next(&it)? {
        if !vm.truthy(&x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn class_list(vm: &Vm, v: &Value) -> Flow<Vec<Arc<Class>>> {
    match v {
        Value::Class(c) => Ok(vec![c.clone()]),
        Value::Tuple(t) => {
            let mut out = Vec::new();
            for x in t.iter() {
                out.extend(class_list(vm, x)?);
            }
            Ok(out)
        }
        _ => Err(vm.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
    }
}

fn builtin_isinstance(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 2, 2, "isinstance")?;
    let class = vm.class_of(&args.pos[0]);
    let classes = class_list(vm, &args.pos[1])?;
    Ok(Value::Bool(classes.iter().any(|c| class.is_subclass(c))))
}

fn builtin_issubclass(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 2, 2, "issubclass")?;
    let Value::Class(c) = &args.pos[0] else { return Err(vm.type_error("issubclass() arg 1 must be a class")) };
    let classes = class_list(vm, &args.pos[1]).map_err(|_| vm.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"))?;
    Ok(Value::Bool(classes.iter().any(|k| c.is_subclass(k))))
}

fn attr_name(vm: &Vm, v: &Value) -> Flow<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(vm.type_error(format!("attribute name must be string, not '{}'", vm.type_name(other)))),
    }
}

fn builtin_getattr(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 2, 3, "getattr")?;
    let name = attr_name(vm, &args.pos[1])?;
    match vm.get_attr(&args.pos[0], &name) {
        Ok(v) => Ok(v),
        Err(Unwind::Raise(e)) if args.pos.len() == 3 && vm.is_instance_of(&e, "AttributeError") => Ok(args.pos[2].clone()),
        Err(e) => Err(e),
    }
}

fn builtin_setattr(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 3, 3, "setattr")?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.set_attr(&args.pos[0], &name, args.pos[2].clone())?;
    Ok(Value::None)
}

fn builtin_delattr(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 2, 2, "delattr")?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.del_attr(&args.pos[0], &name)?;
    Ok(Value::None)
}

fn builtin_hasattr(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 2, 2, "hasattr")?;
    let name = attr_name(vm, &args.pos[1])?;
    match vm.get_attr(&args.pos[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(Unwind::Raise(e)) if vm.is_instance_of(&e, "AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn builtin_id(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "id")?;
    Ok(Value::Int(args.pos[0].identity() as i64))
}

fn builtin_hash(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "hash")?;
    let v = &args.pos[0];
    if let Value::Instance(i) = v {
        if let Some(m) = i.class.lookup("__hash__") {
            if m.is_none() {
                return Err(vm.type_error(format!("unhashable type: '{}'", i.class.name)));
            }
            return vm.call(&m, Args::new(vec![v.clone()]));
        }
    }
    super::dict::hash_value(v).map(Value::Int).map_err(|e| vm.unhashable(e))
}

fn builtin_callable(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "callable")?;
    let v = &args.pos[0];
    Ok(Value::Bool(match v {
        Value::Function(_) | Value::Native(_) | Value::Bound(_) | Value::Class(_) => true,
        other => vm.class_of(other).lookup("__call__").is_some(),
    }))
}

fn builtin_chr(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "chr")?;
    let n = to_i64(vm, &args.pos[0])?;
    match u32::try_from(n).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::str(&c.to_string())),
        None => Err(vm.exc("ValueError", "chr() arg not in range(0x110000)")),
    }
}

fn builtin_ord(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "ord")?;
    match &args.pos[0] {
        Value::Str(s) => {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Ok(Value::Int(c as i64)),
                _ => Err(vm.type_error(format!("ord() expected a character, but string of length {} found", s.chars().count()))),
            }
        }
        Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(b[0] as i64)),
        other => Err(vm.type_error(format!("ord() expected string of length 1, but {} found", vm.type_name(other)))),
    }
}

fn radix(vm: &mut Vm, args: Args, fname: &str, spec: &str) -> Flow<Value> {
    check_count(vm, &args, 1, 1, fname)?;
    let v = &args.pos[0];
    if !matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_)) {
        return Err(vm.type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(v))));
    }
    vm.format(v, spec).map(|s| Value::str(&s))
}

fn builtin_hex(vm: &mut Vm, args: Args) -> Flow<Value> {
    radix(vm, args, "hex", "#x")
}
fn builtin_oct(vm: &mut Vm, args: Args) -> Flow<Value> {
    radix(vm, args, "oct", "#o")
}
fn builtin_bin(vm: &mut Vm, args: Args) -> Flow<Value> {
    radix(vm, args, "bin", "#b")
}

fn builtin_globals(vm: &mut Vm, _args: Args) -> Flow<Value> {
    match vm.rt.modules.lock().get("__main__") {
        Some(Value::Module(m)) => Ok(Value::Dict(m.dict.clone())),
        _ => Ok(Value::None),
    }
}

fn builtin_vars(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "vars")?;
    match &args.pos[0] {
        Value::Instance(i) => {
            let mut d = Dict::new();
            for (k, v) in i.dict.lock().iter() {
                d.set_str(k, v.clone());
            }
            Ok(Value::Dict(Arc::new(Shared::new(d))))
        }
        Value::Module(m) => Ok(Value::Dict(m.dict.clone())),
        other => vm.get_attr(other, "__dict__"),
    }
}

fn builtin_input(vm: &mut Vm, _args: Args) -> Flow<Value> {
    Err(vm.exc("EOFError", "EOF when reading a line"))
}

fn builtin_super(vm: &mut Vm, args: Args) -> Flow<Value> {
    match args.pos.len() {
        2 => {
            let Value::Class(c) = &args.pos[0] else { return Err(vm.type_error("super() argument 1 must be a type")) };
            Ok(Value::Super(Arc::new((c.clone(), args.pos[1].clone()))))
        }
        _ => Err(vm.exc("RuntimeError", "super(): no arguments")),
    }
}

fn builtin_build_super(vm: &mut Vm, args: Args) -> Flow<Value> {
    builtin_super(vm, args)
}

// ---- constructors of the built-in types ------------------------------------------------------

fn new_object(vm: &mut Vm, args: Args) -> Flow<Value> {
    if !args.pos.is_empty() {
        return Err(vm.type_error("object() takes no arguments"));
    }
    Ok(Value::Instance(Arc::new(Instance { class: vm.rt.types.object.clone(), dict: Shared::new(Default::default()), traceback: Shared::new(Vec::new()) })))
}

fn new_type(vm: &mut Vm, args: Args) -> Flow<Value> {
    match args.pos.len() {
        1 => Ok(Value::Class(vm.class_of(&args.pos[0]))),
        _ => Err(vm.type_error("type() with three arguments is not supported by this playground's Python")),
    }
}

fn new_bool(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 1, "bool")?;
    match args.pos.first() {
        Some(v) => vm.truthy(v).map(Value::Bool),
        None => Ok(Value::Bool(false)),
    }
}

/// `int(text, base)`: Python's literal rules (underscores between digits, a sign, spaces around).
pub fn parse_int(text: &str, base: u32) -> Option<BigInt> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = t.to_ascii_lowercase();
    let (digits, base) = match base {
        0 | 16 if lower.starts_with("0x") => (&t[2..], 16),
        0 | 8 if lower.starts_with("0o") => (&t[2..], 8),
        0 | 2 if lower.starts_with("0b") => (&t[2..], 2),
        0 => (t, 10),
        b => (t, b),
    };
    let digits = digits.strip_prefix('_').unwrap_or(digits);
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.chars().any(|c| !c.is_ascii_alphanumeric()) {
        return None;
    }
    let n = BigInt::parse_bytes(clean.as_bytes(), base)?;
    Some(if neg { -n } else { n })
}

fn new_int(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 2, "int")?;
    let base = match args.pos.get(1).or(kwarg(&args, "base").as_ref()) {
        Some(b) => Some(to_i64(vm, b)?),
        None => None,
    };
    let Some(v) = args.pos.first() else { return Ok(Value::Int(0)) };
    match (v, base) {
        (Value::Str(s), b) => {
            let b = b.unwrap_or(10);
            if b != 0 && !(2..=36).contains(&b) {
                return Err(vm.exc("ValueError", "int() base must be >= 2 and <= 36, or 0"));
            }
            match parse_int(s, b as u32) {
                Some(n) => Ok(Value::from_big(n)),
                None => Err(vm.exc("ValueError", format!("invalid literal for int() with base {b}: {}", super::format::str_repr(s)))),
            }
        }
        (Value::Bytes(s), b) => {
            let text = String::from_utf8_lossy(s).to_string();
            let b = b.unwrap_or(10);
            parse_int(&text, b as u32).map(Value::from_big).ok_or_else(|| vm.exc("ValueError", format!("invalid literal for int() with base {b}: {}", super::format::bytes_repr(s))))
        }
        (_, Some(_)) => Err(vm.type_error("int() can't convert non-string with explicit base")),
        (Value::Int(_) | Value::Big(_), None) => Ok(v.clone()),
        (Value::Bool(b), None) => Ok(Value::Int(*b as i64)),
        (Value::Float(f), None) => {
            if f.is_nan() {
                return Err(vm.exc("ValueError", "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(vm.exc("OverflowError", "cannot convert float infinity to integer"));
            }
            let t = f.trunc();
            if t.abs() < 9.2e18 {
                Ok(Value::Int(t as i64))
            } else {
                Ok(Value::from_big(float_to_big(t)))
            }
        }
        (other, None) => {
            for m in ["__int__", "__index__", "__trunc__"] {
                if let Some(f) = vm.class_of(other).lookup(m) {
                    return vm.call(&f, Args::new(vec![other.clone()]));
                }
            }
            Err(vm.type_error(format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", vm.type_name(other))))
        }
    }
}

fn float_to_big(f: f64) -> BigInt {
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    let m = BigInt::from(mant);
    let v = if exp >= 0 { m << exp as usize } else { m >> (-exp) as usize };
    if f < 0.0 {
        -v
    } else {
        v
    }
}

pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase();
    let t = t.replace('_', "");
    match t.as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => return Some(f64::NAN),
        _ => {}
    }
    if t.is_empty() || t.chars().any(|c| !(c.is_ascii_digit() || "+-.e".contains(c))) {
        return None;
    }
    t.parse().ok()
}

fn new_float(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 1, "float")?;
    let Some(v) = args.pos.first() else { return Ok(Value::Float(0.0)) };
    match v {
        Value::Float(_) => Ok(v.clone()),
        Value::Str(s) => parse_float(s).map(Value::Float).ok_or_else(|| vm.exc("ValueError", format!("could not convert string to float: {}", super::format::str_repr(s)))),
        other => match as_float(other) {
            Some(f) => {
                if f.is_infinite() {
                    return Err(vm.exc("OverflowError", "int too large to convert to float"));
                }
                Ok(Value::Float(f))
            }
            None => {
                if let Some(m) = vm.class_of(other).lookup("__float__") {
                    return vm.call(&m, Args::new(vec![other.clone()]));
                }
                Err(vm.type_error(format!("float() argument must be a string or a real number, not '{}'", vm.type_name(other))))
            }
        },
    }
}

fn new_str(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 3, "str")?;
    match (args.pos.first(), args.pos.get(1).or(kwarg(&args, "encoding").as_ref())) {
        (None, _) => Ok(Value::str("")),
        (Some(Value::Bytes(b)), Some(_)) => match std::str::from_utf8(b) {
            Ok(s) => Ok(Value::str(s)),
            Err(_) => Err(vm.exc("UnicodeDecodeError", "'utf-8' codec can't decode bytes")),
        },
        (Some(v), _) => vm.str_of(v).map(|s| Value::str(&s)),
    }
}

fn new_bytes(vm: &mut Vm, args: Args) -> Flow<Value> {
    match args.pos.first() {
        None => Ok(Value::Bytes(Arc::from(Vec::new()))),
        Some(Value::Str(s)) => {
            if args.pos.len() < 2 && kwarg(&args, "encoding").is_none() {
                return Err(vm.type_error("string argument without an encoding"));
            }
            Ok(Value::Bytes(Arc::from(s.as_bytes().to_vec())))
        }
        Some(Value::Int(n)) => {
            if *n < 0 {
                return Err(vm.exc("ValueError", "negative count"));
            }
            if *n as u64 > super::runtime::MAX_ITEMS as u64 {
                return Err(vm.exc("MemoryError", ""));
            }
            Ok(Value::Bytes(Arc::from(vec![0u8; *n as usize])))
        }
        Some(Value::Bytes(b)) => Ok(Value::Bytes(b.clone())),
        Some(other) => {
            let items = vm.collect(other)?;
            let mut out = Vec::new();
            for i in items {
                let n = to_i64(vm, &i)?;
                if !(0..256).contains(&n) {
                    return Err(vm.exc("ValueError", "bytes must be in range(0, 256)"));
                }
                out.push(n as u8);
            }
            Ok(Value::Bytes(Arc::from(out)))
        }
    }
}

fn new_list(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 1, "list")?;
    match args.pos.first() {
        Some(v) => vm.collect(v).map(Value::list),
        None => Ok(Value::list(Vec::new())),
    }
}

fn new_tuple(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 1, "tuple")?;
    match args.pos.first() {
        Some(Value::Tuple(t)) => Ok(Value::Tuple(t.clone())),
        Some(v) => vm.collect(v).map(Value::tuple),
        None => Ok(Value::tuple(Vec::new())),
    }
}

pub fn dict_from(vm: &mut Vm, args: &Args) -> Flow<Dict> {
    let mut d = Dict::new();
    if let Some(src) = args.pos.first() {
        match src {
            Value::Dict(other) => d = other.lock().clone(),
            other if vm.class_of(other).lookup("keys").is_some() => {
                for (k, v) in vm.mapping_items(other)? {
                    d.insert(k, v).map_err(|e| vm.unhashable(e))?;
                }
            }
            other => {
                let items = vm.collect(other)?;
                for (i, item) in items.into_iter().enumerate() {
                    let pair = vm.collect(&item).map_err(|_| vm.type_error(format!("cannot convert dictionary update sequence element #{i} to a sequence")))?;
                    if pair.len() != 2 {
                        return Err(vm.exc("ValueError", format!("dictionary update sequence element #{i} has length {}; 2 is required", pair.len())));
                    }
                    d.insert(pair[0].clone(), pair[1].clone()).map_err(|e| vm.unhashable(e))?;
                }
            }
        }
    }
    for (k, v) in &args.kw {
        d.set_str(k, v.clone());
    }
    Ok(d)
}

fn new_dict(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 1, "dict")?;
    dict_from(vm, &args).map(|d| Value::Dict(Arc::new(Shared::new(d))))
}

fn set_from(vm: &mut Vm, v: Option<&Value>) -> Flow<Dict> {
    let mut d = Dict::new();
    if let Some(v) = v {
        for item in vm.collect(v)? {
            d.insert(item, Value::None).map_err(|e| vm.unhashable(e))?;
        }
    }
    Ok(d)
}

fn new_set(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 1, "set")?;
    set_from(vm, args.pos.first()).map(|d| Value::Set(Arc::new(Shared::new(d))))
}

fn new_frozenset(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 1, "frozenset")?;
    set_from(vm, args.pos.first()).map(|d| Value::FrozenSet(Arc::new(d)))
}

fn new_range(vm: &mut Vm, args: Args) -> Flow<Value> {
    if args.pos.is_empty() {
        return Err(vm.type_error("range expected at least 1 argument, got 0"));
    }
    if args.pos.len() > 3 {
        return Err(vm.type_error(format!("range expected at most 3 arguments, got {}", args.pos.len())));
    }
    let mut n = Vec::new();
    for a in &args.pos {
        if matches!(a, Value::Float(_)) {
            return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
        }
        n.push(to_i64(vm, a)?);
    }
    let (start, stop, step) = match n.len() {
        1 => (0, n[0], 1),
        2 => (n[0], n[1], 1),
        _ => (n[0], n[1], n[2]),
    };
    if step == 0 {
        return Err(vm.exc("ValueError", "range() arg 3 must not be zero"));
    }
    Ok(Value::Range(Arc::new(Range { start, stop, step })))
}

fn new_slice(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 3, "slice")?;
    let p = &args.pos;
    let (a, b, c) = match p.len() {
        1 => (Value::None, p[0].clone(), Value::None),
        2 => (p[0].clone(), p[1].clone(), Value::None),
        _ => (p[0].clone(), p[1].clone(), p[2].clone()),
    };
    Ok(Value::Slice(Arc::new([a, b, c])))
}

fn new_property(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 0, 4, "property")?;
    let get = |i: usize, name: &str| args.pos.get(i).cloned().or_else(|| kwarg(&args, name)).unwrap_or(Value::None);
    Ok(Value::Property(Arc::new(Property { getter: get(0, "fget"), setter: get(1, "fset"), deleter: get(2, "fdel") })))
}

fn new_classmethod(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "classmethod")?;
    Ok(Value::ClassMethod(Arc::new(args.pos[0].clone())))
}

fn new_staticmethod(vm: &mut Vm, args: Args) -> Flow<Value> {
    check_count(vm, &args, 1, 1, "staticmethod")?;
    Ok(Value::StaticMethod(Arc::new(args.pos[0].clone())))
}

/// `except* T`: splits an exception (group) into the part that matches `T` and the rest.
/// Returns `(rest, matched)`, each `None` when empty.
pub fn split_group(vm: &mut Vm, exc: &Value, ty: &Value) -> Flow<(Value, Value)> {
    let matches = |vm: &mut Vm, e: &Value| -> bool {
        let class = vm.class_of(e);
        match ty {
            Value::Class(c) => class.is_subclass(c),
            Value::Tuple(t) => t.iter().any(|x| matches!(x, Value::Class(c) if class.is_subclass(c))),
            _ => false,
        }
    };
    if exc.is_none() {
        return Ok((Value::None, Value::None));
    }
    let group_class = vm.rt.types.exception("BaseExceptionGroup");
    if !vm.class_of(exc).is_subclass(&group_class) {
        // A plain exception caught by except*: it is wrapped in a group of one.
        if matches(vm, exc) {
            let eg = vm.rt.types.exception("ExceptionGroup");
            let g = vm.new_exception(&eg, vec![Value::str(""), Value::list(vec![exc.clone()])]);
            return Ok((Value::None, g));
        }
        return Ok((exc.clone(), Value::None));
    }
    let args = super::format::exception_args(exc);
    let msg = args.first().cloned().unwrap_or(Value::str(""));
    let members = match args.get(1) {
        Some(v) => vm.collect(v)?,
        None => vec![],
    };
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for m in members {
        if matches(vm, &m) {
            yes.push(m);
        } else {
            let (rest, matched) = split_group(vm, &m, ty)?;
            if !matched.is_none() && vm.class_of(&m).is_subclass(&group_class) {
                yes.push(matched);
            }
            if !rest.is_none() {
                no.push(rest);
            }
        }
    }
    let class = vm.class_of(exc);
    let make = |vm: &mut Vm, items: Vec<Value>| -> Value {
        if items.is_empty() {
            Value::None
        } else {
            vm.new_exception(&class, vec![msg.clone(), Value::list(items)])
        }
    };
    let matched = make(vm, yes);
    let rest = make(vm, no);
    Ok((rest, matched))
}

fn exception_init(vm: &mut Vm, args: Args) -> Flow<Value> {
    let this = arg(vm, &args, 0, "__init__")?;
    if let Value::Instance(i) = &this {
        i.dict.lock().insert(Arc::from("args"), Value::tuple(args.pos[1..].to_vec()));
    }
    Ok(Value::None)
}

fn exception_group_init(vm: &mut Vm, args: Args) -> Flow<Value> {
    let this = arg(vm, &args, 0, "__init__")?;
    if args.pos.len() != 3 {
        return Err(vm.type_error(format!("BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)", args.pos.len() - 1)));
    }
    let members = vm.collect(&args.pos[2])?;
    if members.is_empty() {
        return Err(vm.exc("ValueError", "second argument (exceptions) must be a non-empty sequence"));
    }
    if let Value::Instance(i) = &this {
        let mut d = i.dict.lock();
        d.insert(Arc::from("args"), Value::tuple(vec![args.pos[1].clone(), Value::list(members.clone())]));
        d.insert(Arc::from("message"), args.pos[1].clone());
        d.insert(Arc::from("exceptions"), Value::tuple(members));
    }
    Ok(Value::None)
}

fn exception_str(vm: &mut Vm, args: Args) -> Flow<Value> {
    let this = arg(vm, &args, 0, "__str__")?;
    let a = super::format::exception_args(&this);
    let s = match a.len() {
        0 => String::new(),
        1 => vm.str_of(&a[0])?,
        _ => vm.repr(&Value::tuple(a))?,
    };
    Ok(Value::str(&s))
}

/// `OSError(errno, strerror[, filename])`: the arguments also become `errno`, `strerror` and
/// `filename`, as CPython's OSError sets them (None when not given that way).
fn os_error_init(vm: &mut Vm, args: Args) -> Flow<Value> {
    let this = arg(vm, &args, 0, "__init__")?;
    if let Value::Instance(i) = &this {
        let given = &args.pos[1..];
        let mut d = i.dict.lock();
        d.insert(Arc::from("args"), Value::tuple(given.to_vec()));
        let structured = (2..=5).contains(&given.len());
        let pick = |k: usize| if structured { given.get(k).cloned().unwrap_or(Value::None) } else { Value::None };
        d.insert(Arc::from("errno"), pick(0));
        d.insert(Arc::from("strerror"), pick(1));
        d.insert(Arc::from("filename"), pick(2));
    }
    Ok(Value::None)
}

/// `[Errno 111] Connect call failed (...)`, and `[Errno 2] No such file: 'x'` with a filename.
fn os_error_str(vm: &mut Vm, args: Args) -> Flow<Value> {
    let this = arg(vm, &args, 0, "__str__")?;
    let field = |name: &str| match &this {
        Value::Instance(i) => i.dict.lock().get(name).cloned().unwrap_or(Value::None),
        _ => Value::None,
    };
    let (errno, strerror, filename) = (field("errno"), field("strerror"), field("filename"));
    if errno.is_none() && strerror.is_none() {
        return exception_str(vm, args);
    }
    let mut s = format!("[Errno {}] {}", vm.str_of(&errno)?, vm.str_of(&strerror)?);
    if !filename.is_none() {
        s.push_str(&format!(": {}", vm.repr(&filename)?));
    }
    Ok(Value::str(&s))
}

fn exception_group_str(vm: &mut Vm, args: Args) -> Flow<Value> {
    let this = arg(vm, &args, 0, "__str__")?;
    let a = super::format::exception_args(&this);
    let msg = match a.first() {
        Some(m) => vm.str_of(m)?,
        None => String::new(),
    };
    let n = match a.get(1) {
        Some(v) => vm.len(v)?,
        None => 0,
    };
    Ok(Value::str(&format!("{msg} ({n} sub-exception{})", if n == 1 { "" } else { "s" })))
}

fn exception_with_traceback(vm: &mut Vm, args: Args) -> Flow<Value> {
    arg(vm, &args, 0, "with_traceback")
}

fn exception_add_note(vm: &mut Vm, args: Args) -> Flow<Value> {
    let this = arg(vm, &args, 0, "add_note")?;
    let note = arg(vm, &args, 1, "add_note")?;
    if let Value::Instance(i) = &this {
        let mut d = i.dict.lock();
        let notes = d.entry(Arc::from("__notes__")).or_insert_with(|| Value::list(vec![])).clone();
        if let Value::List(l) = notes {
            l.lock().push(note);
        }
    }
    Ok(Value::None)
}

fn install_exceptions(rt: &Runtime) {
    let base = &rt.types.exceptions["BaseException"];
    let mut d = base.dict.lock();
    d.insert(Arc::from("__init__"), native("__init__", "BaseException", exception_init));
    d.insert(Arc::from("__str__"), native("__str__", "BaseException", exception_str));
    d.insert(Arc::from("with_traceback"), native("with_traceback", "BaseException", exception_with_traceback));
    d.insert(Arc::from("add_note"), native("add_note", "BaseException", exception_add_note));
    drop(d);
    let os_error = &rt.types.exceptions["OSError"];
    let mut d = os_error.dict.lock();
    d.insert(Arc::from("__init__"), native("__init__", "OSError", os_error_init));
    d.insert(Arc::from("__str__"), native("__str__", "OSError", os_error_str));
    drop(d);
    let group = &rt.types.exceptions["BaseExceptionGroup"];
    let mut d = group.dict.lock();
    d.insert(Arc::from("__init__"), native("__init__", "BaseExceptionGroup", exception_group_init));
    d.insert(Arc::from("__str__"), native("__str__", "BaseExceptionGroup", exception_group_str));
    drop(d);
    // ExceptionGroup derives from Exception too in CPython; with single inheritance here it is a
    // BaseExceptionGroup whose `except Exception` matching is handled by its name in the runtime.
}

pub fn install(rt: &Arc<Runtime>) {
    let t = &rt.types;
    let ctors: [(&Arc<Class>, NativeFn); 16] = [
        (&t.object, new_object),
        (&t.type_, new_type),
        (&t.bool_, new_bool),
        (&t.int, new_int),
        (&t.float, new_float),
        (&t.str_, new_str),
        (&t.bytes, new_bytes),
        (&t.list, new_list),
        (&t.tuple, new_tuple),
        (&t.dict, new_dict),
        (&t.set, new_set),
        (&t.frozenset, new_frozenset),
        (&t.range, new_range),
        (&t.slice, new_slice),
        (&t.property, new_property),
        (&t.classmethod, new_classmethod),
    ];
    for (class, f) in ctors {
        class.dict.lock().insert(Arc::from("__new__"), native("__new__", "type", f));
    }
    t.staticmethod.dict.lock().insert(Arc::from("__new__"), native("__new__", "type", new_staticmethod));
    t.super_.dict.lock().insert(Arc::from("__new__"), native("__new__", "type", builtin_build_super));
    install_exceptions(rt);
    super::methods::install(rt);

    let mut b = rt.builtins.lock();
    let classes: Vec<(&str, &Arc<Class>)> = vec![
        ("object", &t.object),
        ("type", &t.type_),
        ("bool", &t.bool_),
        ("int", &t.int),
        ("float", &t.float),
        ("str", &t.str_),
        ("bytes", &t.bytes),
        ("list", &t.list),
        ("tuple", &t.tuple),
        ("dict", &t.dict),
        ("set", &t.set),
        ("frozenset", &t.frozenset),
        ("range", &t.range),
        ("slice", &t.slice),
        ("property", &t.property),
        ("classmethod", &t.classmethod),
        ("staticmethod", &t.staticmethod),
        ("super", &t.super_),
    ];
    for (name, class) in classes {
        b.set_str(name, Value::Class(class.clone()));
    }
    for (name, class) in t.exceptions.iter() {
        b.set_str(name, Value::Class(class.clone()));
    }
    let funcs: &[(&'static str, NativeFn)] = &[
        ("print", builtin_print),
        ("len", builtin_len),
        ("repr", builtin_repr),
        ("ascii", builtin_ascii),
        ("format", builtin_format),
        ("abs", builtin_abs),
        ("round", builtin_round),
        ("divmod", builtin_divmod),
        ("pow", builtin_pow),
        ("min", builtin_min),
        ("max", builtin_max),
        ("sum", builtin_sum),
        ("sorted", builtin_sorted),
        ("reversed", builtin_reversed),
        ("enumerate", builtin_enumerate),
        ("zip", builtin_zip),
        ("map", builtin_map),
        ("filter", builtin_filter),
        ("iter", builtin_iter),
        ("next", builtin_next),
        ("any", builtin_any),
        ("all", builtin_all),
        ("isinstance", builtin_isinstance),
        ("issubclass", builtin_issubclass),
        ("getattr", builtin_getattr),
        ("setattr", builtin_setattr),
        ("delattr", builtin_delattr),
        ("hasattr", builtin_hasattr),
        ("id", builtin_id),
        ("hash", builtin_hash),
        ("callable", builtin_callable),
        ("chr", builtin_chr),
        ("ord", builtin_ord),
        ("hex", builtin_hex),
        ("oct", builtin_oct),
        ("bin", builtin_bin),
        ("globals", builtin_globals),
        ("vars", builtin_vars),
        ("input", builtin_input),
    ];
    for (name, f) in funcs {
        b.set_str(name, native(name, "", *f));
    }
    b.set_str("None", Value::None);
    b.set_str("Ellipsis", Value::Ellipsis);
    b.set_str("NotImplemented", Value::NotImplemented);
    b.set_str("__name__", Value::str("builtins"));
}
