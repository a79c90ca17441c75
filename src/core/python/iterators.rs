//! The built-in iterators: over sequences, ranges and snapshots, and `enumerate`, `zip`, `map`,
//! `filter` and `iter(callable, sentinel)`.

use super::value::*;
use super::vm::{Flow, Vm};

pub fn next(vm: &mut Vm, state: &Shared<IterState>) -> Flow<Option<Value>> {
    // Take what is needed out of the lock before calling anything that may run Python.
    enum Then {
        Done(Option<Value>),
        Enumerate(Value, Value),
        Zip(Vec<Value>),
        Map(Value, Vec<Value>),
        Filter(Value, Value),
        Call(Value, Value),
    }
    let then = {
        let mut st = state.lock();
        match &mut *st {
            IterState::Seq { seq, index } => {
                let i = *index;
                let item = match seq {
                    Value::List(l) => l.lock().get(i).cloned(),
                    Value::Tuple(t) => t.get(i).cloned(),
                    Value::Bytes(b) => b.get(i).map(|x| Value::Int(*x as i64)),
                    Value::Str(s) => {
                        // Walk by byte offset: `index` counts bytes for strings.
                        match s[i..].chars().next() {
                            Some(c) => {
                                *index += c.len_utf8();
                                return Ok(Some(Value::str(c.encode_utf8(&mut [0; 4]))));
                            }
                            None => None,
                        }
                    }
                    other => {
                        let seq = other.clone();
                        *index += 1;
                        drop(st);
                        return index_item(vm, &seq, i);
                    }
                };
                match item {
                    Some(v) => {
                        *index += 1;
                        Then::Done(Some(v))
                    }
                    None => {
                        *st = IterState::Done;
                        Then::Done(None)
                    }
                }
            }
            IterState::Range { next, stop, step } => {
                let n = *next;
                if (*step > 0 && n < *stop) || (*step < 0 && n > *stop) {
                    *next = n + *step;
                    Then::Done(Some(Value::Int(n)))
                } else {
                    Then::Done(None)
                }
            }
            IterState::Items { items, index } => {
                let v = items.get(*index).cloned();
                *index += 1;
                Then::Done(v)
            }
            IterState::Enumerate { inner, count } => Then::Enumerate(inner.clone(), count.clone()),
            IterState::Zip { inners } => Then::Zip(inners.clone()),
            IterState::Map { func, inners } => Then::Map(func.clone(), inners.clone()),
            IterState::Filter { func, inner } => Then::Filter(func.clone(), inner.clone()),
            IterState::CallUntil { func, sentinel } => Then::Call(func.clone(), sentinel.clone()),
            IterState::Done => Then::Done(None),
        }
    };
    match then {
        Then::Done(v) => Ok(v),
        Then::Enumerate(inner, count) => match vm.next(&inner)? {
            Some(v) => {
                let next = vm.binary(super::bytecode::BinOp::Add, &count, &Value::Int(1), false)?;
                if let IterState::Enumerate { count: c, .. } = &mut *state.lock() {
                    *c = next;
                }
                Ok(Some(Value::tuple(vec![count, v])))
            }
            None => Ok(None),
        },
        Then::Zip(inners) => {
            if inners.is_empty() {
                return Ok(None);
            }
            let mut out = Vec::with_capacity(inners.len());
            for it in &inners {
                match vm.next(it)? {
                    Some(v) => out.push(v),
                    None => {
                        *state.lock() = IterState::Done;
                        return Ok(None);
                    }
                }
            }
            Ok(Some(Value::tuple(out)))
        }
        Then::Map(func, inners) => {
            let mut args = Vec::with_capacity(inners.len());
            for it in &inners {
                match vm.next(it)? {
                    Some(v) => args.push(v),
                    None => return Ok(None),
                }
            }
            vm.call(&func, Args::new(args)).map(Some)
        }
        Then::Filter(func, inner) => loop {
            let Some(v) = vm.next(&inner)? else { return Ok(None) };
            let keep = if func.is_none() { v.clone() } else { vm.call(&func, Args::new(vec![v.clone()]))? };
            if vm.truthy(&keep)? {
                return Ok(Some(v));
            }
        },
        Then::Call(func, sentinel) => {
            let v = vm.call0(&func)?;
            if vm.eq(&v, &sentinel)? {
                *state.lock() = IterState::Done;
                return Ok(None);
            }
            Ok(Some(v))
        }
    }
}

/// The old sequence protocol: `__getitem__(0)`, `__getitem__(1)`, ... until IndexError.
fn index_item(vm: &mut Vm, seq: &Value, i: usize) -> Flow<Option<Value>> {
    match vm.get_item(seq, &Value::Int(i as i64)) {
        Ok(v) => Ok(Some(v)),
        Err(super::vm::Unwind::Raise(e)) if vm.is_instance_of(&e, "IndexError") || vm.is_instance_of(&e, "StopIteration") => Ok(None),
        Err(e) => Err(e),
    }
}
