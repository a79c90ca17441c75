//! `_random`: the Mersenne Twister that `random` is built on, bit for bit CPython's
//! (`Modules/_randommodule.c`): MT19937, seeded from an int through `init_by_array` with the int's
//! 32-bit words, so that `random.seed(42)` gives CPython's numbers. The rest of `random` is written
//! in Python after CPython's `Lib/random.py` (`lib/random.py`).

use std::sync::Arc;

use num_bigint::{BigInt, Sign};
use num_traits::Signed;

use super::builtins::{arg, native};
use super::ops::big;
use super::stdlib::module;
use super::value::*;
use super::vm::{Flow, Vm};

const N: usize = 624;
const M: usize = 397;

/// The generator's state: 624 words and the position in them.
#[derive(Clone)]
pub struct Mt {
    state: Vec<u32>,
    index: usize,
}

impl Mt {
    fn init_genrand(s: u32) -> Mt {
        let mut mt = vec![0u32; N];
        mt[0] = s;
        for i in 1..N {
            mt[i] = 1812433253u32.wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_add(i as u32);
        }
        Mt { state: mt, index: N }
    }

    /// CPython's `init_by_array`.
    pub fn from_key(key: &[u32]) -> Mt {
        let mut g = Mt::init_genrand(19650218);
        let mt = &mut g.state;
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1664525)).wrapping_add(key.get(j).copied().unwrap_or(0)).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        g
    }

    /// `random.seed(n)` for an int: the words of `abs(n)`, least significant first.
    pub fn from_int(n: &BigInt) -> Mt {
        let (_, words) = n.abs().to_u32_digits();
        let key = if words.is_empty() { vec![0] } else { words };
        Mt::from_key(&key)
    }

    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            let mt = &mut self.state;
            for k in 0..N {
                let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % N] & 0x7fff_ffff);
                let mut v = mt[(k + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                mt[k] = v;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random.random()`: 53 random bits as a float in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// `random.getrandbits(k)`.
    pub fn getrandbits(&mut self, k: u64) -> BigInt {
        if k <= 32 {
            return BigInt::from(if k == 0 { 0 } else { self.next_u32() >> (32 - k) });
        }
        let mut words = Vec::new();
        let mut left = k;
        while left > 0 {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            words.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(Sign::Plus, &words)
    }
}

/// A generator as a Python object.
struct Generator {
    mt: Shared<Mt>,
    class: Arc<Class>,
}

impl HostObject for Generator {
    fn class(&self) -> Arc<Class> {
        self.class.clone()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn repr(&self) -> String {
        "<_random.Random object>".into()
    }
}

fn this(vm: &Vm, a: &Args) -> Flow<Arc<dyn HostObject>> {
    match a.pos.first() {
        Some(Value::Host(h)) if h.as_any().downcast_ref::<Generator>().is_some() => Ok(h.clone()),
        _ => Err(vm.type_error("a _random generator is needed")),
    }
}

fn with_mt<T>(vm: &Vm, a: &Args, f: impl FnOnce(&mut Mt) -> T) -> Flow<T> {
    let h = this(vm, a)?;
    let g = h.as_any().downcast_ref::<Generator>().ok_or_else(|| vm.type_error("a _random generator is needed"))?;
    let mut mt = g.mt.lock();
    Ok(f(&mut mt))
}

fn seed_of(vm: &mut Vm, v: &Value) -> Flow<Mt> {
    match v {
        Value::None => {
            // No seed: the clock, as CPython falls back to when it has no OS randomness.
            let t = (super::stdlib::clock_now(vm) * 1e9) as i64;
            Ok(Mt::from_int(&BigInt::from(t ^ 0x5deece66d)))
        }
        Value::Float(f) => {
            let h = super::dict::hash_float(*f);
            Ok(Mt::from_int(&BigInt::from(h)))
        }
        other => match big(other) {
            Some(n) => Ok(Mt::from_int(&n)),
            None => Err(vm.type_error("The only supported seed types here are: None, int and float")),
        },
    }
}

fn new_generator(vm: &mut Vm, a: Args) -> Flow<Value> {
    let seed = a.pos.first().cloned().unwrap_or(Value::None);
    let mt = seed_of(vm, &seed)?;
    let class = vm.rt.types.object.clone();
    Ok(Value::Host(Arc::new(Generator { mt: Shared::new(mt), class })))
}

fn gen_seed(vm: &mut Vm, a: Args) -> Flow<Value> {
    let seed = a.pos.get(1).cloned().unwrap_or(Value::None);
    let mt = seed_of(vm, &seed)?;
    with_mt(vm, &a, |g| *g = mt)?;
    Ok(Value::None)
}

fn gen_random(vm: &mut Vm, a: Args) -> Flow<Value> {
    with_mt(vm, &a, |g| Value::Float(g.random()))
}

fn gen_getrandbits(vm: &mut Vm, a: Args) -> Flow<Value> {
    let k = super::builtins::to_i64(vm, &arg(vm, &a, 1, "getrandbits")?)?;
    if k < 0 {
        return Err(vm.exc("ValueError", "number of bits must be non-negative"));
    }
    with_mt(vm, &a, |g| Value::from_big(g.getrandbits(k as u64)))
}

fn gen_getstate(vm: &mut Vm, a: Args) -> Flow<Value> {
    with_mt(vm, &a, |g| {
        let mut items: Vec<Value> = g.state.iter().map(|w| Value::Int(*w as i64)).collect();
        items.push(Value::Int(g.index as i64));
        Value::tuple(items)
    })
}

fn gen_setstate(vm: &mut Vm, a: Args) -> Flow<Value> {
    let Value::Tuple(t) = arg(vm, &a, 1, "setstate")? else { return Err(vm.type_error("state vector must be a tuple")) };
    if t.len() != N + 1 {
        return Err(vm.exc("ValueError", "state vector is the wrong size"));
    }
    let words: Vec<u32> = t[..N].iter().map(|v| if let Value::Int(i) = v { *i as u32 } else { 0 }).collect();
    let index = if let Value::Int(i) = t[N] { (i as usize).min(N) } else { N };
    with_mt(vm, &a, |g| *g = Mt { state: words, index })?;
    Ok(Value::None)
}

pub fn make_module(_vm: &mut Vm) -> Flow<Value> {
    Ok(module(
        "_random",
        vec![
            ("new", native("new", "", new_generator)),
            ("seed", native("seed", "", gen_seed)),
            ("random", native("random", "", gen_random)),
            ("getrandbits", native("getrandbits", "", gen_getrandbits)),
            ("getstate", native("getstate", "", gen_getstate)),
            ("setstate", native("setstate", "", gen_setstate)),
        ],
    ))
}
