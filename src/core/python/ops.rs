//! Operators: arithmetic, comparison, truth, containment and subscripts, with Python's rules for
//! the built-in types and the dunder methods of user classes, and CPython's error messages.

use std::sync::Arc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::bytecode::{BinOp, CmpOp, UnaryOp};
use super::dict::Dict;
use super::value::*;
use super::vm::{Flow, Unwind, Vm};

/// An int operand as a BigInt, for the slow path.
pub fn big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Big(b) => Some((**b).clone()),
        _ => None,
    }
}

pub fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Big(b) => b.to_f64(),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::Big(_))
}

/// Python's floor division and modulo for i64 (rounding towards negative infinity).
fn floor_div(a: i64, b: i64) -> Option<i64> {
    let q = a.checked_div(b)?;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

fn py_mod(a: i64, b: i64) -> Option<i64> {
    let r = a.checked_rem(b)?;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some(r + b)
    } else {
        Some(r)
    }
}

fn float_mod(a: f64, b: f64) -> f64 {
    let r = a % b;
    if r != 0.0 && ((r < 0.0) != (b < 0.0)) {
        r + b
    } else if r == 0.0 {
        0.0f64.copysign(b)
    } else {
        r
    }
}

impl Vm {
    pub fn truthy(&mut self, v: &Value) -> Flow<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Big(b) => !b.is_zero(),
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.lock().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.lock().is_empty(),
            Value::FrozenSet(d) => !d.is_empty(),
            Value::Range(r) => r.len() > 0,
            Value::Instance(_) | Value::Host(_) => {
                let class = self.class_of(v);
                if let Some(m) = class.lookup("__bool__") {
                    let r = self.call(&m, Args::new(vec![v.clone()]))?;
                    return match r {
                        Value::Bool(b) => Ok(b),
                        other => Err(self.type_error(format!("__bool__ should return bool, returned {}", self.type_name(&other)))),
                    };
                }
                if let Some(m) = class.lookup("__len__") {
                    let r = self.call(&m, Args::new(vec![v.clone()]))?;
                    return Ok(!matches!(r, Value::Int(0)));
                }
                true
            }
            _ => true,
        })
    }

    pub fn len(&mut self, v: &Value) -> Flow<usize> {
        Ok(match v {
            Value::Str(s) => s.chars().count(),
            Value::Bytes(b) => b.len(),
            Value::List(l) => l.lock().len(),
            Value::Tuple(t) => t.len(),
            Value::Dict(d) | Value::Set(d) => d.lock().len(),
            Value::FrozenSet(d) => d.len(),
            Value::Range(r) => r.len() as usize,
            _ => {
                let class = self.class_of(v);
                match class.lookup("__len__") {
                    Some(m) => match self.call(&m, Args::new(vec![v.clone()]))? {
                        Value::Int(i) if i >= 0 => i as usize,
                        Value::Int(_) => return Err(self.exc("ValueError", "__len__() should return >= 0")),
                        other => return Err(self.type_error(format!("'{}' object cannot be interpreted as an integer", self.type_name(&other)))),
                    },
                    None => return Err(self.type_error(format!("object of type '{}' has no len()", self.type_name(v)))),
                }
            }
        })
    }

    pub fn unary(&mut self, op: UnaryOp, v: &Value) -> Flow<Value> {
        Ok(match (op, v) {
            (UnaryOp::Not, _) => Value::Bool(!self.truthy(v)?),
            (UnaryOp::Neg, Value::Int(i)) => match i.checked_neg() {
                Some(n) => Value::Int(n),
                None => Value::from_big(-BigInt::from(*i)),
            },
            (UnaryOp::Neg, Value::Bool(b)) => Value::Int(-(*b as i64)),
            (UnaryOp::Neg, Value::Big(b)) => Value::from_big(-(**b).clone()),
            (UnaryOp::Neg, Value::Float(f)) => Value::Float(-f),
            (UnaryOp::Pos, Value::Int(_) | Value::Big(_) | Value::Float(_)) => v.clone(),
            (UnaryOp::Pos, Value::Bool(b)) => Value::Int(*b as i64),
            (UnaryOp::Invert, Value::Int(i)) => Value::Int(!i),
            (UnaryOp::Invert, Value::Bool(b)) => Value::Int(!(*b as i64)),
            (UnaryOp::Invert, Value::Big(b)) => Value::from_big(-(**b).clone() - 1),
            _ => {
                let (name, sym) = match op {
                    UnaryOp::Neg => ("__neg__", "-"),
                    UnaryOp::Pos => ("__pos__", "+"),
                    UnaryOp::Invert => ("__invert__", "~"),
                    UnaryOp::Not => unreachable!(),
                };
                if let Some(m) = self.class_of(v).lookup(name) {
                    return self.call(&m, Args::new(vec![v.clone()]));
                }
                return Err(self.type_error(format!("bad operand type for unary {sym}: '{}'", self.type_name(v))));
            }
        })
    }

    pub fn binary(&mut self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> Flow<Value> {
        if let Some(v) = self.binary_builtin(op, a, b, inplace)? {
            return Ok(v);
        }
        // User classes: __iop__, then __op__, then the right operand's __rop__.
        let (name, rname, iname) = dunder_names(op);
        if inplace {
            if let Some(m) = self.class_of(a).lookup(iname) {
                let r = self.call(&m, Args::new(vec![a.clone(), b.clone()]))?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        if let Some(m) = self.class_of(a).lookup(name) {
            if !matches!(m, Value::Native(_)) {
                let r = self.call(&m, Args::new(vec![a.clone(), b.clone()]))?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        if let Some(m) = self.class_of(b).lookup(rname) {
            if !matches!(m, Value::Native(_)) {
                let r = self.call(&m, Args::new(vec![b.clone(), a.clone()]))?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        let sym = if inplace { format!("{}=", op.symbol()) } else { op.symbol().to_string() };
        if op == BinOp::Add && matches!(a, Value::Str(_)) && !matches!(b, Value::Str(_)) {
            return Err(self.type_error(format!("can only concatenate str (not \"{}\") to str", self.type_name(b))));
        }
        if op == BinOp::Add && matches!(a, Value::List(_)) && !matches!(b, Value::List(_)) {
            return Err(self.type_error(format!("can only concatenate list (not \"{}\") to list", self.type_name(b))));
        }
        if op == BinOp::Add && matches!(a, Value::Tuple(_)) && !matches!(b, Value::Tuple(_)) {
            return Err(self.type_error(format!("can only concatenate tuple (not \"{}\") to tuple", self.type_name(b))));
        }
        if op == BinOp::Mul && (matches!(a, Value::Str(_) | Value::List(_) | Value::Tuple(_)) || matches!(b, Value::Str(_) | Value::List(_) | Value::Tuple(_))) {
            let other = if matches!(a, Value::Str(_) | Value::List(_) | Value::Tuple(_)) { b } else { a };
            return Err(self.type_error(format!("can't multiply sequence by non-int of type '{}'", self.type_name(other))));
        }
        if op == BinOp::Pow {
            return Err(self.type_error(format!("unsupported operand type(s) for {}: '{}' and '{}'", if inplace { "**=" } else { "** or pow()" }, self.type_name(a), self.type_name(b))));
        }
        Err(self.type_error(format!("unsupported operand type(s) for {sym}: '{}' and '{}'", self.type_name(a), self.type_name(b))))
    }

    fn binary_builtin(&mut self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> Flow<Option<Value>> {
        use Value::*;
        // The fast path: two small ints.
        if let (Int(x), Int(y)) = (a, b) {
            let (x, y) = (*x, *y);
            let r = match op {
                BinOp::Add => x.checked_add(y).map(Int),
                BinOp::Sub => x.checked_sub(y).map(Int),
                BinOp::Mul => x.checked_mul(y).map(Int),
                BinOp::FloorDiv => {
                    if y == 0 {
                        return Err(self.exc("ZeroDivisionError", "integer division or modulo by zero"));
                    }
                    floor_div(x, y).map(Int)
                }
                BinOp::Mod => {
                    if y == 0 {
                        return Err(self.exc("ZeroDivisionError", "integer modulo by zero"));
                    }
                    py_mod(x, y).map(Int)
                }
                BinOp::TrueDiv => {
                    if y == 0 {
                        return Err(self.exc("ZeroDivisionError", "division by zero"));
                    }
                    Some(Float(int_true_div(&BigInt::from(x), &BigInt::from(y))))
                }
                BinOp::And => Some(Int(x & y)),
                BinOp::Or => Some(Int(x | y)),
                BinOp::Xor => Some(Int(x ^ y)),
                BinOp::LShift => {
                    if y < 0 {
                        return Err(self.exc("ValueError", "negative shift count"));
                    }
                    if y < 63 && (x.unsigned_abs() >> (63 - y)) == 0 {
                        Some(Int(x << y))
                    } else {
                        Option::None
                    }
                }
                BinOp::RShift => {
                    if y < 0 {
                        return Err(self.exc("ValueError", "negative shift count"));
                    }
                    Some(Int(if y >= 64 { if x < 0 { -1 } else { 0 } } else { x >> y }))
                }
                BinOp::Pow => {
                    if y < 0 {
                        if x == 0 {
                            return Err(self.exc("ZeroDivisionError", "0.0 cannot be raised to a negative power"));
                        }
                        Some(Float((x as f64).powf(y as f64)))
                    } else if y <= u32::MAX as i64 {
                        x.checked_pow(y as u32).map(Int)
                    } else {
                        Option::None
                    }
                }
                BinOp::MatMul => return Ok(Option::None),
            };
            if let Some(r) = r {
                return Ok(Some(r));
            }
        }
        if is_int(a) && is_int(b) && op != BinOp::MatMul {
            let (x, y) = (big(a).unwrap_or_default(), big(b).unwrap_or_default());
            if matches!(op, BinOp::And | BinOp::Or | BinOp::Xor) {
                if let (Bool(p), Bool(q)) = (a, b) {
                    return Ok(Some(Bool(match op {
                        BinOp::And => p & q,
                        BinOp::Or => p | q,
                        _ => p ^ q,
                    })));
                }
            }
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::FloorDiv | BinOp::Mod => {
                    if y.is_zero() {
                        let msg = if op == BinOp::Mod { "integer modulo by zero" } else { "integer division or modulo by zero" };
                        return Err(self.exc("ZeroDivisionError", msg));
                    }
                    let (q, r) = x.div_mod_floor(&y);
                    if op == BinOp::FloorDiv {
                        q
                    } else {
                        r
                    }
                }
                BinOp::TrueDiv => {
                    if y.is_zero() {
                        return Err(self.exc("ZeroDivisionError", "division by zero"));
                    }
                    return Ok(Some(Float(int_true_div(&x, &y))));
                }
                BinOp::And => x & y,
                BinOp::Or => x | y,
                BinOp::Xor => x ^ y,
                BinOp::LShift => {
                    let s = y.to_u64().unwrap_or(u64::MAX);
                    if s > 1 << 24 {
                        return Err(self.exc("OverflowError", "too many digits in integer"));
                    }
                    x << s
                }
                BinOp::RShift => {
                    let s = y.to_u64().unwrap_or(u64::MAX);
                    if s > 1 << 24 {
                        if x.is_negative() { BigInt::from(-1) } else { BigInt::zero() }
                    } else {
                        x >> s
                    }
                }
                BinOp::Pow => {
                    if y.is_negative() {
                        return Ok(Some(Float(x.to_f64().unwrap_or(f64::INFINITY).powf(y.to_f64().unwrap_or(0.0)))));
                    }
                    let e = y.to_u32().unwrap_or(u32::MAX);
                    if (x.bits() as u64).saturating_mul(e as u64) > 64_000_000 {
                        return Err(self.exc("MemoryError", ""));
                    }
                    num_traits::pow(x, e as usize)
                }
                BinOp::MatMul => return Ok(Option::None),
            };
            return Ok(Some(Value::from_big(r)));
        }
        if let (Some(x), Some(y)) = (as_float(a), as_float(b)) {
            if matches!(a, Float(_)) || matches!(b, Float(_)) {
                let r = match op {
                    BinOp::Add => x + y,
                    BinOp::Sub => x - y,
                    BinOp::Mul => x * y,
                    BinOp::TrueDiv => {
                        if y == 0.0 {
                            return Err(self.exc("ZeroDivisionError", "float division by zero"));
                        }
                        x / y
                    }
                    BinOp::FloorDiv => {
                        if y == 0.0 {
                            return Err(self.exc("ZeroDivisionError", "float floor division by zero"));
                        }
                        (x / y).floor().max(((x - float_mod(x, y)) / y).round().min((x / y).floor() + 0.0))
                    }
                    BinOp::Mod => {
                        if y == 0.0 {
                            return Err(self.exc("ZeroDivisionError", "float modulo"));
                        }
                        float_mod(x, y)
                    }
                    BinOp::Pow => {
                        if x == 0.0 && y < 0.0 {
                            return Err(self.exc("ZeroDivisionError", "0.0 cannot be raised to a negative power"));
                        }
                        if x < 0.0 && y.fract() != 0.0 {
                            return Err(self.exc("ValueError", "complex results are not supported by this playground's Python"));
                        }
                        let r = x.powf(y);
                        if r.is_infinite() && x.is_finite() && y.is_finite() {
                            return Err(self.exc("OverflowError", "(34, 'Numerical result out of range')"));
                        }
                        r
                    }
                    _ => return Ok(Option::None),
                };
                return Ok(Some(Float(r)));
            }
        }
        Ok(Some(match (op, a, b) {
            (BinOp::Add, Str(x), Str(y)) => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                if s.len() > super::runtime::MAX_ITEMS * 4 {
                    return Err(self.exc("MemoryError", ""));
                }
                Str(Arc::from(s))
            }
            (BinOp::Add, Bytes(x), Bytes(y)) => Bytes(Arc::from([&x[..], &y[..]].concat())),
            (BinOp::Add, List(x), List(y)) => {
                let ys = y.lock().clone();
                if inplace {
                    x.lock().extend(ys);
                    return Ok(Some(a.clone()));
                }
                let mut v = x.lock().clone();
                v.extend(ys);
                Value::list(v)
            }
            (BinOp::Add, Tuple(x), Tuple(y)) => Value::tuple([&x[..], &y[..]].concat()),
            (BinOp::Mul, Str(_) | List(_) | Tuple(_) | Bytes(_), Int(_) | Bool(_)) => return self.repeat(a, b, inplace).map(Some),
            (BinOp::Mul, Int(_) | Bool(_), Str(_) | List(_) | Tuple(_) | Bytes(_)) => return self.repeat(b, a, false).map(Some),
            (BinOp::Mod, Str(fmt), _) => Value::str(&super::format::percent_format(self, fmt, b)?),
            (BinOp::Or, Dict(x), Dict(y)) => {
                let mut d = x.lock().clone();
                for (k, v) in y.lock().items() {
                    let _ = d.insert(k, v);
                }
                if inplace {
                    *x.lock() = d;
                    return Ok(Some(a.clone()));
                }
                Dict(Arc::new(Shared::new(d)))
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Set(_) | FrozenSet(_), Set(_) | FrozenSet(_)) => {
                return Ok(Some(self.set_op(op, a, b, inplace)));
            }
            _ => return Ok(Option::None),
        }))
    }

    fn repeat(&mut self, seq: &Value, n: &Value, inplace: bool) -> Flow<Value> {
        let n = match n {
            Value::Int(i) => (*i).max(0) as usize,
            Value::Bool(b) => *b as usize,
            _ => 0,
        };
        let len = self.len(seq)?;
        let n = if len == 0 { 0 } else { n };
        if len.saturating_mul(n) > super::runtime::MAX_ITEMS {
            return Err(self.exc("MemoryError", ""));
        }
        Ok(match seq {
            Value::Str(s) => Value::str(&s.repeat(n)),
            Value::Bytes(b) => Value::Bytes(Arc::from(b.repeat(n))),
            Value::List(l) => {
                let items = l.lock().clone();
                let mut out = Vec::with_capacity(items.len() * n);
                for _ in 0..n {
                    out.extend(items.iter().cloned());
                }
                if inplace {
                    *l.lock() = out;
                    return Ok(seq.clone());
                }
                Value::list(out)
            }
            Value::Tuple(t) => {
                let mut out = Vec::with_capacity(t.len() * n);
                for _ in 0..n {
                    out.extend(t.iter().cloned());
                }
                Value::tuple(out)
            }
            _ => Value::None,
        })
    }

    fn set_op(&mut self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> Value {
        let da = set_items(a);
        let db = set_items(b);
        let mut out = Dict::new();
        match op {
            BinOp::Or => {
                for k in da.keys().into_iter().chain(db.keys()) {
                    let _ = out.insert(k, Value::None);
                }
            }
            BinOp::And => {
                for k in da.keys() {
                    if db.contains_hashed(&k) {
                        let _ = out.insert(k, Value::None);
                    }
                }
            }
            BinOp::Sub => {
                for k in da.keys() {
                    if !db.contains_hashed(&k) {
                        let _ = out.insert(k, Value::None);
                    }
                }
            }
            _ => {
                for k in da.keys() {
                    if !db.contains_hashed(&k) {
                        let _ = out.insert(k, Value::None);
                    }
                }
                for k in db.keys() {
                    if !da.contains_hashed(&k) {
                        let _ = out.insert(k, Value::None);
                    }
                }
            }
        }
        match a {
            Value::Set(s) if inplace => {
                *s.lock() = out;
                a.clone()
            }
            Value::FrozenSet(_) => Value::FrozenSet(Arc::new(out)),
            _ => Value::Set(Arc::new(Shared::new(out))),
        }
    }

    /// `a == b`, with `__eq__` for user classes.
    pub fn eq(&mut self, a: &Value, b: &Value) -> Flow<bool> {
        use Value::*;
        Ok(match (a, b) {
            (Int(x), Int(y)) => x == y,
            (Str(x), Str(y)) => x == y,
            (List(x), List(y)) => {
                if Arc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let xs = x.lock().clone();
                let ys = y.lock().clone();
                self.seq_eq(&xs, &ys)?
            }
            (Tuple(x), Tuple(y)) => self.seq_eq(x, y)?,
            (Dict(x), Dict(y)) => {
                if Arc::ptr_eq(x, y) {
                    return Ok(true);
                }
                // One lock at a time: the two dicts may share inner ones.
                let xs = x.lock().clone();
                let ys = y.lock().clone();
                if xs.len() != ys.len() {
                    return Ok(false);
                }
                for (k, v) in xs.items() {
                    match ys.get(&k) {
                        Ok(Some(w)) => {
                            if !self.eq(&v, &w)? {
                                return Ok(false);
                            }
                        }
                        _ => return Ok(false),
                    }
                }
                true
            }
            (Set(_) | FrozenSet(_), Set(_) | FrozenSet(_)) => {
                let (xs, ys) = (set_items(a), set_items(b));
                xs.len() == ys.len() && xs.keys().iter().all(|k| ys.contains_hashed(k))
            }
            (Range(x), Range(y)) => x.len() == y.len() && (x.len() == 0 || (x.start == y.start && (x.len() == 1 || x.step == y.step))),
            (Instance(_) | Host(_), _) | (_, Instance(_) | Host(_)) => {
                if let Some(m) = self.class_of(a).lookup("__eq__") {
                    if !matches!(m, Value::Native(_)) {
                        let r = self.call(&m, Args::new(vec![a.clone(), b.clone()]))?;
                        if !matches!(r, NotImplemented) {
                            return self.truthy(&r);
                        }
                    }
                }
                if let Some(m) = self.class_of(b).lookup("__eq__") {
                    if !matches!(m, Value::Native(_)) {
                        let r = self.call(&m, Args::new(vec![b.clone(), a.clone()]))?;
                        if !matches!(r, NotImplemented) {
                            return self.truthy(&r);
                        }
                    }
                }
                a.is(b)
            }
            _ => {
                if let (Some(x), Some(y)) = (as_float(a), as_float(b)) {
                    if is_int(a) && is_int(b) {
                        return Ok(big(a) == big(b));
                    }
                    return Ok(x == y);
                }
                super::dict::key_eq(a, b)
            }
        })
    }

    fn seq_eq(&mut self, xs: &[Value], ys: &[Value]) -> Flow<bool> {
        if xs.len() != ys.len() {
            return Ok(false);
        }
        for (x, y) in xs.iter().zip(ys.iter()) {
            if !(x.is(y) || self.eq(x, y)?) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> Flow<Value> {
        match op {
            CmpOp::Eq => {
                if let (Value::Instance(_), _) | (_, Value::Instance(_)) = (a, b) {
                    return self.rich_or(a, b, "__eq__", "__eq__", |vm, a, b| Ok(Value::Bool(a.is(b) || vm.eq(a, b)?)));
                }
                Ok(Value::Bool(self.eq(a, b)?))
            }
            CmpOp::Ne => {
                if let (Value::Instance(_), _) | (_, Value::Instance(_)) = (a, b) {
                    if let Some(m) = self.class_of(a).lookup("__ne__") {
                        if !matches!(m, Value::Native(_)) {
                            return self.call(&m, Args::new(vec![a.clone(), b.clone()]));
                        }
                    }
                }
                Ok(Value::Bool(!self.eq(a, b)?))
            }
            _ => {
                if let Some(ord) = self.order_builtin(a, b)? {
                    return Ok(Value::Bool(match op {
                        CmpOp::Lt => ord == std::cmp::Ordering::Less,
                        CmpOp::Le => ord != std::cmp::Ordering::Greater,
                        CmpOp::Gt => ord == std::cmp::Ordering::Greater,
                        CmpOp::Ge => ord != std::cmp::Ordering::Less,
                        _ => false,
                    }));
                }
                if matches!(a, Value::Set(_) | Value::FrozenSet(_)) && matches!(b, Value::Set(_) | Value::FrozenSet(_)) {
                    return Ok(Value::Bool(false));
                }
                if let (Some(x), Some(y)) = (as_float(a), as_float(b)) {
                    // NaN compares false with everything.
                    return Ok(Value::Bool(match op {
                        CmpOp::Lt => x < y,
                        CmpOp::Le => x <= y,
                        CmpOp::Gt => x > y,
                        CmpOp::Ge => x >= y,
                        _ => false,
                    }));
                }
                let (name, reflected) = match op {
                    CmpOp::Lt => ("__lt__", "__gt__"),
                    CmpOp::Le => ("__le__", "__ge__"),
                    CmpOp::Gt => ("__gt__", "__lt__"),
                    _ => ("__ge__", "__le__"),
                };
                let sym = op.symbol();
                let (ta, tb) = (self.type_name(a), self.type_name(b));
                self.rich_or(a, b, name, reflected, move |vm, _, _| {
                    Err(vm.type_error(format!("'{sym}' not supported between instances of '{ta}' and '{tb}'")))
                })
            }
        }
    }

    fn rich_or(&mut self, a: &Value, b: &Value, name: &str, reflected: &str, fallback: impl FnOnce(&mut Vm, &Value, &Value) -> Flow<Value>) -> Flow<Value> {
        if let Some(m) = self.class_of(a).lookup(name) {
            if !matches!(m, Value::Native(_)) {
                let r = self.call(&m, Args::new(vec![a.clone(), b.clone()]))?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        if let Some(m) = self.class_of(b).lookup(reflected) {
            if !matches!(m, Value::Native(_)) {
                let r = self.call(&m, Args::new(vec![b.clone(), a.clone()]))?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        fallback(self, a, b)
    }

    /// Ordering of built-in values of comparable types, `None` when the types do not order.
    pub fn order_builtin(&mut self, a: &Value, b: &Value) -> Flow<Option<std::cmp::Ordering>> {
        use std::cmp::Ordering;
        use Value::*;
        Ok(match (a, b) {
            (Int(x), Int(y)) => Some(x.cmp(y)),
            (Str(x), Str(y)) => Some(x.cmp(y)),
            (Bytes(x), Bytes(y)) => Some(x.cmp(y)),
            (List(_), List(_)) | (Tuple(_), Tuple(_)) => {
                let xs = match a {
                    List(l) => l.lock().clone(),
                    Tuple(t) => t.to_vec(),
                    _ => vec![],
                };
                let ys = match b {
                    List(l) => l.lock().clone(),
                    Tuple(t) => t.to_vec(),
                    _ => vec![],
                };
                for (x, y) in xs.iter().zip(ys.iter()) {
                    if x.is(y) || self.eq(x, y)? {
                        continue;
                    }
                    let lt = self.compare(CmpOp::Lt, x, y)?;
                    return Ok(Some(if self.truthy(&lt)? { Ordering::Less } else { Ordering::Greater }));
                }
                Some(xs.len().cmp(&ys.len()))
            }
            (Set(_) | FrozenSet(_), Set(_) | FrozenSet(_)) => {
                let (xs, ys) = (set_items(a), set_items(b));
                let sub = xs.keys().iter().all(|k| ys.contains_hashed(k));
                let sup = ys.keys().iter().all(|k| xs.contains_hashed(k));
                Some(match (sub, sup) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    // Neither is a subset of the other: every ordering comparison is false.
                    (false, false) => return Ok(Option::None),
                })
            }
            _ if is_int(a) && is_int(b) => Some(big(a).cmp(&big(b))),
            _ => Option::None,
        })
    }

    pub fn contains(&mut self, container: &Value, item: &Value) -> Flow<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(i) => Ok(s.contains(&**i)),
                other => Err(self.type_error(format!("'in <string>' requires string as left operand, not {}", self.type_name(other)))),
            },
            Value::Bytes(b) => match item {
                Value::Int(i) => Ok(b.contains(&(*i as u8))),
                Value::Bytes(i) => Ok(i.is_empty() || b.windows(i.len()).any(|w| w == &i[..])),
                _ => Err(self.type_error("a bytes-like object is required")),
            },
            Value::Dict(d) | Value::Set(d) => {
                let r = d.lock().get(item);
                r.map(|v| v.is_some()).map_err(|e| self.unhashable(e))
            }
            Value::FrozenSet(d) => d.get(item).map(|v| v.is_some()).map_err(|e| self.unhashable(e)),
            Value::Range(r) => Ok(match item {
                Value::Int(i) => {
                    let i = *i;
                    if r.step > 0 {
                        i >= r.start && i < r.stop && (i - r.start) % r.step == 0
                    } else {
                        i <= r.start && i > r.stop && (r.start - i) % (-r.step) == 0
                    }
                }
                _ => false,
            }),
            Value::List(_) | Value::Tuple(_) => {
                let items = match container {
                    Value::List(l) => l.lock().clone(),
                    Value::Tuple(t) => t.to_vec(),
                    _ => vec![],
                };
                for x in &items {
                    if x.is(item) || self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => {
                if let Some(m) = self.class_of(container).lookup("__contains__") {
                    let r = self.call(&m, Args::new(vec![container.clone(), item.clone()]))?;
                    return self.truthy(&r);
                }
                let it = self.iter(container).map_err(|_| self.type_error(format!("argument of type '{}' is not iterable", self.type_name(container))))?;
                while let Some(x) = self.next(&it)? {
                    if x.is(item) || self.eq(&x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// An index into a sequence of `len` items, negative from the end, with IndexError beyond.
    pub fn index(&mut self, i: &Value, len: usize, what: &str) -> Flow<usize> {
        let i = match i {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            Value::Big(_) => return Err(self.exc("IndexError", format!("cannot fit 'int' into an index-sized integer"))),
            other => {
                if let Some(m) = self.class_of(other).lookup("__index__") {
                    let r = self.call(&m, Args::new(vec![other.clone()]))?;
                    return self.index(&r, len, what);
                }
                return Err(self.type_error(format!("{what} indices must be integers or slices, not {}", self.type_name(other))));
            }
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            return Err(self.exc("IndexError", format!("{what} index out of range")));
        }
        Ok(j as usize)
    }

    /// The indices a slice selects from a sequence of `len` items (CPython's `PySlice_AdjustIndices`).
    pub fn slice_indices(&mut self, s: &[Value; 3], len: usize) -> Flow<Vec<usize>> {
        let get = |vm: &mut Vm, v: &Value| -> Flow<Option<i64>> {
            match v {
                Value::None => Ok(None),
                Value::Int(i) => Ok(Some(*i)),
                Value::Bool(b) => Ok(Some(*b as i64)),
                Value::Big(b) => Ok(Some(if b.is_negative() { i64::MIN / 2 } else { i64::MAX / 2 })),
                _ => Err(vm.type_error("slice indices must be integers or None or have an __index__ method")),
            }
        };
        let step = get(self, &s[2])?.unwrap_or(1);
        if step == 0 {
            return Err(self.exc("ValueError", "slice step cannot be zero"));
        }
        let len = len as i64;
        let adjust = |v: Option<i64>, default: i64, lo: i64, hi: i64| -> i64 {
            match v {
                None => default,
                Some(x) if x < 0 => (x + len).max(lo),
                Some(x) => x.min(hi),
            }
        };
        let (start, stop) = if step > 0 {
            (adjust(get(self, &s[0])?, 0, 0, len), adjust(get(self, &s[1])?, len, 0, len))
        } else {
            (adjust(get(self, &s[0])?, len - 1, -1, len - 1), adjust(get(self, &s[1])?, -1, -1, len - 1))
        };
        let mut out = Vec::new();
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            out.push(i as usize);
            i += step;
        }
        Ok(out)
    }

    pub fn get_item(&mut self, obj: &Value, key: &Value) -> Flow<Value> {
        match (obj, key) {
            (Value::List(l), Value::Slice(s)) => {
                let items = l.lock().clone();
                let idx = self.slice_indices(s, items.len())?;
                Ok(Value::list(idx.into_iter().map(|i| items[i].clone()).collect()))
            }
            (Value::List(l), _) => {
                let len = l.lock().len();
                let i = self.index(key, len, "list")?;
                let v = l.lock().get(i).cloned();
                v.ok_or_else(|| self.exc("IndexError", "list index out of range"))
            }
            (Value::Tuple(t), Value::Slice(s)) => {
                let idx = self.slice_indices(s, t.len())?;
                Ok(Value::tuple(idx.into_iter().map(|i| t[i].clone()).collect()))
            }
            (Value::Tuple(t), _) => {
                let i = self.index(key, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            (Value::Str(s), Value::Slice(sl)) => {
                let chars: Vec<char> = s.chars().collect();
                let idx = self.slice_indices(sl, chars.len())?;
                Ok(Value::str(&idx.into_iter().map(|i| chars[i]).collect::<String>()))
            }
            (Value::Str(s), _) => {
                if s.is_ascii() {
                    let i = self.index(key, s.len(), "string")?;
                    return Ok(Value::str(&s[i..i + 1]));
                }
                let chars: Vec<char> = s.chars().collect();
                let i = self.index(key, chars.len(), "string")?;
                Ok(Value::str(&chars[i].to_string()))
            }
            (Value::Bytes(b), Value::Slice(sl)) => {
                let idx = self.slice_indices(sl, b.len())?;
                Ok(Value::Bytes(Arc::from(idx.into_iter().map(|i| b[i]).collect::<Vec<u8>>())))
            }
            (Value::Bytes(b), _) => {
                let i = self.index(key, b.len(), "index")?;
                Ok(Value::Int(b[i] as i64))
            }
            (Value::Range(r), Value::Slice(sl)) => {
                let idx = self.slice_indices(sl, r.len() as usize)?;
                Ok(Value::list(idx.into_iter().map(|i| Value::Int(r.get(i as i64))).collect()))
            }
            (Value::Range(r), _) => {
                let i = self.index(key, r.len() as usize, "range object")?;
                Ok(Value::Int(r.get(i as i64)))
            }
            (Value::Dict(d), _) => {
                let r = d.lock().get(key).map_err(|e| self.unhashable(e))?;
                match r {
                    Some(v) => Ok(v),
                    None => Err(Unwind::Raise(self.new_exception(&self.rt.types.exception("KeyError"), vec![key.clone()]))),
                }
            }
            (Value::Class(c), _) if matches!(c.builtin, Builtin::List | Builtin::Dict | Builtin::Tuple | Builtin::Set | Builtin::Type) => {
                // `list[int]` in annotations: a generic alias, which we keep as the class itself.
                Ok(obj.clone())
            }
            _ => {
                if let Some(m) = self.class_of(obj).lookup("__getitem__") {
                    return self.call(&m, Args::new(vec![obj.clone(), key.clone()]));
                }
                if let Value::Class(c) = obj {
                    if let Some(m) = c.lookup("__class_getitem__") {
                        return self.call(&m, Args::new(vec![obj.clone(), key.clone()]));
                    }
                    return Err(self.type_error(format!("type '{}' is not subscriptable", c.name)));
                }
                Err(self.type_error(format!("'{}' object is not subscriptable", self.type_name(obj))))
            }
        }
    }

    pub fn set_item(&mut self, obj: &Value, key: Value, v: Value) -> Flow<()> {
        match obj {
            Value::List(l) => {
                if let Value::Slice(s) = &key {
                    let items = self.collect(&v)?;
                    let len = l.lock().len();
                    let step_one = matches!(s[2], Value::None | Value::Int(1));
                    if step_one {
                        let idx = self.slice_indices(&[s[0].clone(), s[1].clone(), Value::None], len)?;
                        let start = match (&s[0], idx.first()) {
                            (_, Some(first)) => *first,
                            (Value::None, None) => 0,
                            _ => self.slice_indices(&[s[0].clone(), Value::None, Value::None], len)?.first().copied().unwrap_or(len),
                        };
                        let end = start + idx.len();
                        l.lock().splice(start..end, items);
                        return Ok(());
                    }
                    let idx = self.slice_indices(s, len)?;
                    if idx.len() != items.len() {
                        return Err(self.exc("ValueError", format!("attempt to assign sequence of size {} to extended slice of size {}", items.len(), idx.len())));
                    }
                    let mut g = l.lock();
                    for (i, x) in idx.into_iter().zip(items) {
                        g[i] = x;
                    }
                    return Ok(());
                }
                let len = l.lock().len();
                let i = self.index(&key, len, "list assignment")?;
                if let Some(slot) = l.lock().get_mut(i) {
                    *slot = v;
                }
                Ok(())
            }
            Value::Dict(d) => {
                let r = d.lock().insert(key, v);
                r.map_err(|e| self.unhashable(e))
            }
            _ => {
                if let Some(m) = self.class_of(obj).lookup("__setitem__") {
                    self.call(&m, Args::new(vec![obj.clone(), key, v]))?;
                    return Ok(());
                }
                Err(self.type_error(format!("'{}' object does not support item assignment", self.type_name(obj))))
            }
        }
    }

    pub fn del_item(&mut self, obj: &Value, key: &Value) -> Flow<()> {
        match obj {
            Value::List(l) => {
                if let Value::Slice(s) = key {
                    let len = l.lock().len();
                    let idx = self.slice_indices(s, len)?;
                    let set: std::collections::HashSet<usize> = idx.into_iter().collect();
                    let mut g = l.lock();
                    let kept: Vec<Value> = g.iter().enumerate().filter(|(i, _)| !set.contains(i)).map(|(_, v)| v.clone()).collect();
                    *g = kept;
                    return Ok(());
                }
                let len = l.lock().len();
                let i = self.index(key, len, "list assignment")?;
                l.lock().remove(i);
                Ok(())
            }
            Value::Dict(d) => {
                let r = d.lock().remove(key).map_err(|e| self.unhashable(e))?;
                match r {
                    Some(_) => Ok(()),
                    None => Err(Unwind::Raise(self.new_exception(&self.rt.types.exception("KeyError"), vec![key.clone()]))),
                }
            }
            _ => {
                if let Some(m) = self.class_of(obj).lookup("__delitem__") {
                    self.call(&m, Args::new(vec![obj.clone(), key.clone()]))?;
                    return Ok(());
                }
                Err(self.type_error(format!("'{}' object doesn't support item deletion", self.type_name(obj))))
            }
        }
    }
}

pub fn set_items(v: &Value) -> Dict {
    match v {
        Value::Set(s) => s.lock().clone(),
        Value::FrozenSet(s) => (**s).clone(),
        _ => Dict::new(),
    }
}

fn dunder_names(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
        BinOp::TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
        BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BinOp::And => ("__and__", "__rand__", "__iand__"),
        BinOp::Or => ("__or__", "__ror__", "__ior__"),
        BinOp::Xor => ("__xor__", "__rxor__", "__ixor__"),
    }
}

/// int / int, correctly rounded as CPython does it (not via two lossy float conversions).
pub fn int_true_div(a: &BigInt, b: &BigInt) -> f64 {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
            return x as f64 / y as f64;
        }
    }
    // Scale so the quotient has 64+ significant bits, then round once.
    let neg = a.is_negative() != b.is_negative();
    let (a, b) = (a.abs(), b.abs());
    let shift = 64i64 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) = if shift > 0 { (a << shift as usize, b.clone()) } else { (a.clone(), b << (-shift) as usize) };
    let (q, r) = num.div_rem(&den);
    let mut q = q.to_f64().unwrap_or(f64::INFINITY);
    if !r.is_zero() && q.fract() == 0.0 {
        q += 0.0;
    }
    let v = q * 2f64.powi(-shift as i32);
    if neg {
        -v
    } else {
        v
    }
}
