//! The insertion-ordered hash table behind `dict` (and, for now, `set`).
//!
//! Keys are hashed and compared with Python's rules for the built-in types: `1`, `1.0` and `True`
//! are one key, tuples compare by their items, and other objects are keys by identity. Integer
//! hashes are CPython's (`n mod 2**61 - 1`), so anything derived from them matches.

use std::collections::HashMap;

use super::value::Value;

/// CPython's modulus for numeric hashes: 2**61 - 1.
const MODULUS: i64 = (1 << 61) - 1;

/// The key is of a type that cannot be hashed (`list`, `dict`, `set`); carries the type's name.
#[derive(Debug)]
pub struct Unhashable(pub String);

/// CPython's `hash()` of an int that fits in 64 bits.
pub fn hash_int(i: i64) -> i64 {
    let h = if i >= 0 { i % MODULUS } else { -((-(i as i128) % MODULUS as i128) as i64) };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's `hash()` of a float: integral floats hash like the int they equal.
pub fn hash_float(f: f64) -> i64 {
    if f.is_nan() {
        return 0;
    }
    if f.is_infinite() {
        return if f > 0.0 { 314159 } else { -314159 };
    }
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        return hash_int(f as i64);
    }
    // CPython's algorithm for non-integral values: the exact rational reduced modulo 2**61 - 1.
    let (mut m, mut e) = frexp(f.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS as u64) | (x >> (61 - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS as u64 {
            x -= MODULUS as u64;
        }
    }
    let e = if e >= 0 { e % 61 } else { 61 - 1 - ((-1 - e) % 61) };
    x = ((x << e) & MODULUS as u64) | (x >> (61 - e));
    let mut h = x as i64;
    if f < 0.0 {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (0.0, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

fn hash_bytes(b: &[u8]) -> i64 {
    // FNV-1a: any good hash will do, since CPython randomises str hashes per process anyway.
    let mut h: u64 = 0xcbf29ce484222325;
    for x in b {
        h ^= *x as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let h = (h >> 1) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Python's `hash()` for the built-in hashable types; other objects hash by identity.
pub fn hash_value(v: &Value) -> Result<i64, Unhashable> {
    use num_traits::ToPrimitive;
    Ok(match v {
        Value::None => 0x5f3759df,
        Value::Bool(b) => *b as i64,
        Value::Int(i) => hash_int(*i),
        Value::Big(b) => {
            let m = (&**b % num_bigint::BigInt::from(MODULUS)).to_i64().unwrap_or(0);
            if m == -1 {
                -2
            } else {
                m
            }
        }
        Value::Float(f) => hash_float(*f),
        Value::Str(s) => hash_bytes(s.as_bytes()),
        Value::Bytes(b) => hash_bytes(b),
        Value::Tuple(items) => {
            // CPython's tuple hash (xxHash-based), so equal tuples hash alike.
            let mut acc: u64 = 2870177450012600261;
            for item in items.iter() {
                let lane = hash_value(item)? as u64;
                acc = acc.wrapping_add(lane.wrapping_mul(14029467366897019727));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(11400714785074694791);
            }
            acc = acc.wrapping_add((items.len() as u64) ^ (2870177450012600261 ^ 3527539));
            let h = acc as i64;
            if h == -1 {
                1546275796
            } else {
                h
            }
        }
        Value::FrozenSet(d) => {
            let mut h: i64 = 0;
            for (k, _) in d.iter() {
                h ^= hash_value(k)?.wrapping_mul(0x9e3779b9);
            }
            h
        }
        Value::List(_) => return Err(Unhashable("list".into())),
        Value::Dict(_) => return Err(Unhashable("dict".into())),
        Value::Set(_) => return Err(Unhashable("set".into())),
        Value::Slice(_) => return Err(Unhashable("slice".into())),
        other => (other.identity() >> 4) as i64,
    })
}

/// Equality of keys: Python's `==` for the built-in types, identity for everything else.
pub fn key_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Int(x), Bool(y)) | (Bool(y), Int(x)) => *x == *y as i64,
        (Float(x), Float(y)) => x == y,
        (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == *y && (*y as i64) == *x,
        (Bool(x), Float(y)) | (Float(y), Bool(x)) => (*x as i64 as f64) == *y,
        (Big(x), Big(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (Tuple(x), Tuple(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| key_eq(p, q)),
        (FrozenSet(x), FrozenSet(y)) => x.len() == y.len() && x.iter().all(|(k, _)| y.contains_hashed(k)),
        _ => a.is(b),
    }
}

#[derive(Clone)]
struct Entry {
    hash: i64,
    key: Value,
    value: Value,
}

/// An insertion-ordered map from Python keys to values.
#[derive(Clone, Default)]
pub struct Dict {
    entries: Vec<Option<Entry>>,
    index: HashMap<i64, Vec<u32>, rustc_hash::FxBuildHasher>,
    len: usize,
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn find(&self, hash: i64, key: &Value) -> Option<usize> {
        let slots = self.index.get(&hash)?;
        slots.iter().map(|&i| i as usize).find(|&i| matches!(&self.entries[i], Some(e) if key_eq(&e.key, key)))
    }

    pub fn get(&self, key: &Value) -> Result<Option<Value>, Unhashable> {
        let h = hash_value(key)?;
        Ok(self.find(h, key).and_then(|i| self.entries[i].as_ref().map(|e| e.value.clone())))
    }

    /// A lookup by a str key, the common case for namespaces.
    pub fn get_str(&self, key: &str) -> Option<Value> {
        let h = hash_bytes(key.as_bytes());
        let slots = self.index.get(&h)?;
        for &i in slots {
            if let Some(e) = &self.entries[i as usize] {
                if let Value::Str(s) = &e.key {
                    if &**s == key {
                        return Some(e.value.clone());
                    }
                }
            }
        }
        None
    }

    pub fn contains_hashed(&self, key: &Value) -> bool {
        match hash_value(key) {
            Ok(h) => self.find(h, key).is_some(),
            Err(_) => false,
        }
    }

    pub fn insert(&mut self, key: Value, value: Value) -> Result<(), Unhashable> {
        let h = hash_value(&key)?;
        match self.find(h, &key) {
            // As in Python, the first key object stays; only the value changes.
            Some(i) => {
                if let Some(e) = &mut self.entries[i] {
                    e.value = value;
                }
            }
            None => {
                let i = self.entries.len() as u32;
                self.entries.push(Some(Entry { hash: h, key, value }));
                self.index.entry(h).or_default().push(i);
                self.len += 1;
            }
        }
        Ok(())
    }

    pub fn set_str(&mut self, key: &str, value: Value) {
        let _ = self.insert(Value::str(key), value);
    }

    pub fn remove(&mut self, key: &Value) -> Result<Option<Value>, Unhashable> {
        let h = hash_value(key)?;
        let Some(i) = self.find(h, key) else { return Ok(None) };
        let e = self.entries[i].take();
        if let Some(slots) = self.index.get_mut(&h) {
            slots.retain(|&s| s as usize != i);
            if slots.is_empty() {
                self.index.remove(&h);
            }
        }
        self.len -= 1;
        if self.entries.len() > 32 && self.len * 2 < self.entries.len() {
            self.compact();
        }
        Ok(e.map(|e| e.value))
    }

    fn compact(&mut self) {
        let entries: Vec<Entry> = self.entries.drain(..).flatten().collect();
        self.index.clear();
        for (i, e) in entries.iter().enumerate() {
            self.index.entry(e.hash).or_default().push(i as u32);
        }
        self.entries = entries.into_iter().map(Some).collect();
    }

    /// Removes and returns the last pair (`dict.popitem()`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let i = self.entries.iter().rposition(Option::is_some)?;
        let key = self.entries[i].as_ref()?.key.clone();
        let value = self.remove(&key).ok()??;
        Some((key, value))
    }

    /// Removes and returns the first pair (`set.pop()` takes from the front).
    pub fn pop_first(&mut self) -> Option<(Value, Value)> {
        let i = self.entries.iter().position(Option::is_some)?;
        let key = self.entries[i].as_ref()?.key.clone();
        let value = self.remove(&key).ok()??;
        Some((key, value))
    }

    pub fn clear(&mut self) {
        *self = Dict::new();
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|e| (&e.key, &e.value))
    }

    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|(_, v)| v.clone()).collect()
    }

    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}
