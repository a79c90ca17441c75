//! The order a set shows its members in.
//!
//! A Python set is not ordered by insertion: it iterates in the order of its hash table, which a
//! learner sees every time a set is printed (`{3, 1, 2}` prints `{1, 2, 3}`). We keep members in
//! insertion order and replay CPython's table (`Objects/setobject.c`: linear probing of up to nine
//! slots, then perturbation; growth to four times the members when three fifths are filled) to
//! list them as CPython would. For sets that only ever grew this is exact; after removals CPython
//! may keep a member in a later slot, which this replay does not model.

use super::dict::{hash_value, Dict};
use super::value::Value;

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

fn insert(table: &mut [Option<(u64, usize)>], hash: u64, item: usize) {
    let mask = table.len() - 1;
    let mut perturb = hash;
    let mut i = (hash as usize) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
        for j in 0..=probes {
            let slot = i + j;
            if table[slot].is_none() {
                table[slot] = Some((hash, item));
                return;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
    }
}

/// The members of a set in CPython's iteration order.
pub fn ordered(d: &Dict) -> Vec<Value> {
    let keys = d.keys();
    let mut table: Vec<Option<(u64, usize)>> = vec![None; 8];
    let mut used = 0usize;
    for (n, k) in keys.iter().enumerate() {
        let h = hash_value(k).unwrap_or(0) as u64;
        insert(&mut table, h, n);
        used += 1;
        let mask = table.len() - 1;
        if used * 5 >= mask * 3 {
            let minused = if used > 50_000 { used * 2 } else { used * 4 };
            let mut size = 8;
            while size <= minused {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            for (h, item) in old.into_iter().flatten() {
                insert(&mut table, h, item);
            }
        }
    }
    table.into_iter().flatten().map(|(_, i)| keys[i].clone()).collect()
}
