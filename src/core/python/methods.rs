//! Methods of the built-in types: `str.split`, `list.append`, `dict.items`, `gen.send`, ...

use std::sync::Arc;

use super::builtins::{arg, kwarg, native, sort_values, stop_iteration, to_i64};
use super::dict::Dict;
use super::runtime::Runtime;
use super::value::*;
use super::vm::{Flow, GenStep, Resume, Unwind, Vm};

fn this_str(vm: &Vm, args: &Args, m: &str) -> Flow<Arc<str>> {
    match args.pos.first() {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(other) => Err(vm.type_error(format!("descriptor '{m}' for 'str' objects doesn't apply to a '{}' object", vm.type_name(other)))),
        None => Err(vm.type_error(format!("descriptor '{m}' of 'str' object needs an argument"))),
    }
}

fn str_arg(vm: &Vm, v: &Value, what: &str) -> Flow<Arc<str>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(vm.type_error(format!("{what} must be str, not {}", vm.type_name(other)))),
    }
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn str_upper(vm: &mut Vm, a: Args) -> Flow<Value> {
    Ok(s(&this_str(vm, &a, "upper")?.to_uppercase()))
}
fn str_lower(vm: &mut Vm, a: Args) -> Flow<Value> {
    Ok(s(&this_str(vm, &a, "lower")?.to_lowercase()))
}
fn str_title(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "title")?;
    let mut out = String::new();
    let mut prev_alpha = false;
    for c in t.chars() {
        if c.is_alphabetic() {
            if prev_alpha {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            prev_alpha = true;
        } else {
            out.push(c);
            prev_alpha = false;
        }
    }
    Ok(s(&out))
}
fn str_capitalize(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "capitalize")?;
    let mut c = t.chars();
    Ok(s(&match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
        None => String::new(),
    }))
}
fn str_swapcase(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "swapcase")?;
    Ok(s(&t.chars().map(|c| if c.is_uppercase() { c.to_lowercase().collect::<String>() } else { c.to_uppercase().collect() }).collect::<String>()))
}

fn strip_chars(vm: &mut Vm, a: &Args) -> Flow<Option<Vec<char>>> {
    match a.pos.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(str_arg(vm, v, "strip arg")?.chars().collect())),
    }
}
fn str_strip(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "strip")?;
    Ok(s(match strip_chars(vm, &a)? {
        None => t.trim(),
        Some(cs) => t.trim_matches(|c| cs.contains(&c)),
    }))
}
fn str_lstrip(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "lstrip")?;
    Ok(s(match strip_chars(vm, &a)? {
        None => t.trim_start(),
        Some(cs) => t.trim_start_matches(|c| cs.contains(&c)),
    }))
}
fn str_rstrip(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "rstrip")?;
    Ok(s(match strip_chars(vm, &a)? {
        None => t.trim_end(),
        Some(cs) => t.trim_end_matches(|c| cs.contains(&c)),
    }))
}

fn str_split(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "split")?;
    let sep = a.pos.get(1).cloned().or_else(|| kwarg(&a, "sep")).unwrap_or(Value::None);
    let max = match a.pos.get(2).cloned().or_else(|| kwarg(&a, "maxsplit")) {
        Some(v) => to_i64(vm, &v)?,
        None => -1,
    };
    let parts: Vec<String> = match &sep {
        Value::None => {
            let mut out = Vec::new();
            let mut rest = t.trim_start();
            while !rest.is_empty() {
                if max >= 0 && out.len() as i64 == max {
                    out.push(rest.to_string());
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(rest[..end].to_string());
                rest = rest[end..].trim_start();
            }
            out
        }
        v => {
            let sep = str_arg(vm, v, "must be str or None")?;
            if sep.is_empty() {
                return Err(vm.exc("ValueError", "empty separator"));
            }
            if max >= 0 {
                t.splitn(max as usize + 1, &*sep).map(String::from).collect()
            } else {
                t.split(&*sep).map(String::from).collect()
            }
        }
    };
    Ok(Value::list(parts.iter().map(|p| s(p)).collect()))
}

fn str_rsplit(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "rsplit")?;
    let sep = a.pos.get(1).cloned().or_else(|| kwarg(&a, "sep")).unwrap_or(Value::None);
    let max = match a.pos.get(2).cloned().or_else(|| kwarg(&a, "maxsplit")) {
        Some(v) => to_i64(vm, &v)?,
        None => -1,
    };
    let mut parts: Vec<String> = match &sep {
        Value::None => {
            let words: Vec<&str> = t.split_whitespace().collect();
            if max < 0 || words.len() as i64 <= max + 1 {
                words.into_iter().map(String::from).collect()
            } else {
                let mut rest = t.trim_end();
                let mut out = Vec::new();
                for _ in 0..max {
                    let start = rest.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
                    out.push(rest[start..].to_string());
                    rest = rest[..start].trim_end();
                }
                out.push(rest.to_string());
                out.reverse();
                out
            }
        }
        v => {
            let sep = str_arg(vm, v, "must be str or None")?;
            let mut p: Vec<String> = if max >= 0 { t.rsplitn(max as usize + 1, &*sep).map(String::from).collect() } else { t.rsplit(&*sep).map(String::from).collect() };
            p.reverse();
            p
        }
    };
    if parts.len() == 1 && parts[0].is_empty() && sep.is_none() {
        parts.clear();
    }
    Ok(Value::list(parts.iter().map(|p| s(p)).collect()))
}

fn str_splitlines(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "splitlines")?;
    Ok(Value::list(t.lines().map(s).collect()))
}

fn str_join(vm: &mut Vm, a: Args) -> Flow<Value> {
    let sep = this_str(vm, &a, "join")?;
    let items = vm.collect(&arg(vm, &a, 1, "join")?)?;
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match it {
            Value::Str(x) => out.push_str(x),
            other => return Err(vm.type_error(format!("sequence item {i}: expected str instance, {} found", vm.type_name(other)))),
        }
    }
    Ok(s(&out))
}

fn str_replace(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "replace")?;
    let old = str_arg(vm, &arg(vm, &a, 1, "replace")?, "replace() argument 1")?;
    let new = str_arg(vm, &arg(vm, &a, 2, "replace")?, "replace() argument 2")?;
    let count = match a.pos.get(3) {
        Some(v) => to_i64(vm, v)?,
        None => -1,
    };
    Ok(s(&if count < 0 { t.replace(&*old, &new) } else { t.replacen(&*old, &new, count as usize) }))
}

fn char_index(t: &str, byte: usize) -> i64 {
    t[..byte].chars().count() as i64
}

fn str_find_impl(vm: &mut Vm, a: &Args, rev: bool) -> Flow<i64> {
    let t = this_str(vm, a, "find")?;
    let sub = str_arg(vm, &arg(vm, a, 1, "find")?, "must be")?;
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len() as i64;
    let norm = |v: i64| if v < 0 { (v + n).max(0) } else { v.min(n) };
    let start = match a.pos.get(2) {
        Some(Value::None) | None => 0,
        Some(v) => norm(to_i64(vm, v)?),
    };
    let end = match a.pos.get(3) {
        Some(Value::None) | None => n,
        Some(v) => norm(to_i64(vm, v)?),
    };
    if start > end {
        return Ok(-1);
    }
    let hay: String = chars[start as usize..end as usize].iter().collect();
    let found = if rev { hay.rfind(&*sub) } else { hay.find(&*sub) };
    Ok(found.map(|b| char_index(&hay, b) + start).unwrap_or(-1))
}
fn str_find(vm: &mut Vm, a: Args) -> Flow<Value> {
    str_find_impl(vm, &a, false).map(Value::Int)
}
fn str_rfind(vm: &mut Vm, a: Args) -> Flow<Value> {
    str_find_impl(vm, &a, true).map(Value::Int)
}
fn str_index(vm: &mut Vm, a: Args) -> Flow<Value> {
    match str_find_impl(vm, &a, false)? {
        -1 => Err(vm.exc("ValueError", "substring not found")),
        i => Ok(Value::Int(i)),
    }
}
fn str_rindex(vm: &mut Vm, a: Args) -> Flow<Value> {
    match str_find_impl(vm, &a, true)? {
        -1 => Err(vm.exc("ValueError", "substring not found")),
        i => Ok(Value::Int(i)),
    }
}
fn str_count(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "count")?;
    let sub = str_arg(vm, &arg(vm, &a, 1, "count")?, "must be")?;
    if sub.is_empty() {
        return Ok(Value::Int(t.chars().count() as i64 + 1));
    }
    Ok(Value::Int(t.matches(&*sub).count() as i64))
}

fn affix(vm: &mut Vm, a: &Args, name: &str, f: fn(&str, &str) -> bool) -> Flow<Value> {
    let t = this_str(vm, a, name)?;
    match arg(vm, a, 1, name)? {
        Value::Str(p) => Ok(Value::Bool(f(&t, &p))),
        Value::Tuple(ps) => {
            for p in ps.iter() {
                if let Value::Str(p) = p {
                    if f(&t, p) {
                        return Ok(Value::Bool(true));
                    }
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(vm.type_error(format!("{name} first arg must be str or a tuple of str, not {}", vm.type_name(&other)))),
    }
}
fn str_startswith(vm: &mut Vm, a: Args) -> Flow<Value> {
    affix(vm, &a, "startswith", |t, p| t.starts_with(p))
}
fn str_endswith(vm: &mut Vm, a: Args) -> Flow<Value> {
    affix(vm, &a, "endswith", |t, p| t.ends_with(p))
}
fn str_removeprefix(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "removeprefix")?;
    let p = str_arg(vm, &arg(vm, &a, 1, "removeprefix")?, "removeprefix() argument")?;
    Ok(s(t.strip_prefix(&*p).unwrap_or(&t)))
}
fn str_removesuffix(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "removesuffix")?;
    let p = str_arg(vm, &arg(vm, &a, 1, "removesuffix")?, "removesuffix() argument")?;
    Ok(s(t.strip_suffix(&*p).unwrap_or(&t)))
}

fn pad_args(vm: &mut Vm, a: &Args, name: &str) -> Flow<(Arc<str>, usize, char)> {
    let t = this_str(vm, a, name)?;
    let w = to_i64(vm, &arg(vm, a, 1, name)?)?.max(0) as usize;
    let fill = match a.pos.get(2) {
        Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
        Some(_) => return Err(vm.type_error("The fill character must be exactly one character long")),
        None => ' ',
    };
    Ok((t, w, fill))
}
fn str_center(vm: &mut Vm, a: Args) -> Flow<Value> {
    let (t, w, f) = pad_args(vm, &a, "center")?;
    let n = t.chars().count();
    if n >= w {
        return Ok(Value::Str(t));
    }
    let total = w - n;
    // CPython puts the extra character on the left when the text length is odd.
    let left = total / 2 + (total & w & 1);
    Ok(s(&format!("{}{}{}", f.to_string().repeat(left), t, f.to_string().repeat(total - left))))
}
fn str_ljust(vm: &mut Vm, a: Args) -> Flow<Value> {
    let (t, w, f) = pad_args(vm, &a, "ljust")?;
    let n = t.chars().count();
    Ok(s(&format!("{}{}", t, f.to_string().repeat(w.saturating_sub(n)))))
}
fn str_rjust(vm: &mut Vm, a: Args) -> Flow<Value> {
    let (t, w, f) = pad_args(vm, &a, "rjust")?;
    let n = t.chars().count();
    Ok(s(&format!("{}{}", f.to_string().repeat(w.saturating_sub(n)), t)))
}
fn str_zfill(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "zfill")?;
    let w = to_i64(vm, &arg(vm, &a, 1, "zfill")?)?.max(0) as usize;
    let n = t.chars().count();
    if n >= w {
        return Ok(Value::Str(t));
    }
    let (sign, rest) = match t.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &t[1..]),
        _ => (String::new(), &t[..]),
    };
    Ok(s(&format!("{sign}{}{rest}", "0".repeat(w - n))))
}

fn pred(vm: &mut Vm, a: &Args, name: &str, f: fn(char) -> bool) -> Flow<Value> {
    let t = this_str(vm, a, name)?;
    Ok(Value::Bool(!t.is_empty() && t.chars().all(f)))
}
fn str_isdigit(vm: &mut Vm, a: Args) -> Flow<Value> {
    pred(vm, &a, "isdigit", |c| c.is_ascii_digit() || c.is_numeric())
}
fn str_isnumeric(vm: &mut Vm, a: Args) -> Flow<Value> {
    pred(vm, &a, "isnumeric", char::is_numeric)
}
fn str_isdecimal(vm: &mut Vm, a: Args) -> Flow<Value> {
    pred(vm, &a, "isdecimal", |c| c.is_ascii_digit())
}
fn str_isalpha(vm: &mut Vm, a: Args) -> Flow<Value> {
    pred(vm, &a, "isalpha", char::is_alphabetic)
}
fn str_isalnum(vm: &mut Vm, a: Args) -> Flow<Value> {
    pred(vm, &a, "isalnum", char::is_alphanumeric)
}
fn str_isspace(vm: &mut Vm, a: Args) -> Flow<Value> {
    pred(vm, &a, "isspace", char::is_whitespace)
}
fn str_isupper(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "isupper")?;
    Ok(Value::Bool(t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)))
}
fn str_islower(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "islower")?;
    Ok(Value::Bool(t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_uppercase)))
}
fn str_isidentifier(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "isidentifier")?;
    let mut c = t.chars();
    Ok(Value::Bool(matches!(c.next(), Some(f) if f == '_' || f.is_alphabetic()) && c.all(|x| x == '_' || x.is_alphanumeric())))
}

fn str_partition(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "partition")?;
    let sep = str_arg(vm, &arg(vm, &a, 1, "partition")?, "must be")?;
    Ok(match t.split_once(&*sep) {
        Some((l, r)) => Value::tuple(vec![s(l), Value::Str(sep.clone()), s(r)]),
        None => Value::tuple(vec![Value::Str(t.clone()), s(""), s("")]),
    })
}
fn str_rpartition(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "rpartition")?;
    let sep = str_arg(vm, &arg(vm, &a, 1, "rpartition")?, "must be")?;
    Ok(match t.rsplit_once(&*sep) {
        Some((l, r)) => Value::tuple(vec![s(l), Value::Str(sep.clone()), s(r)]),
        None => Value::tuple(vec![s(""), s(""), Value::Str(t.clone())]),
    })
}

fn str_encode(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "encode")?;
    Ok(Value::Bytes(Arc::from(t.as_bytes().to_vec())))
}

fn str_format(vm: &mut Vm, a: Args) -> Flow<Value> {
    let t = this_str(vm, &a, "format")?;
    let pos = &a.pos[1..];
    let mut out = String::new();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    let mut auto = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' && chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        if c == '}' && chars.get(i + 1) == Some(&'}') {
            out.push('}');
            i += 2;
            continue;
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        let end = chars[i..].iter().position(|&x| x == '}').map(|p| p + i).ok_or_else(|| vm.exc("ValueError", "Single '{' encountered in format string"))?;
        let field: String = chars[i + 1..end].iter().collect();
        i = end + 1;
        let (name, spec) = field.split_once(':').map(|(n, s)| (n.to_string(), s.to_string())).unwrap_or((field.clone(), String::new()));
        let (name, conv) = name.split_once('!').map(|(n, c)| (n.to_string(), Some(c.to_string()))).unwrap_or((name.clone(), None));
        let (head, attrs) = match name.find(['.', '[']) {
            Some(p) => (name[..p].to_string(), name[p..].to_string()),
            None => (name.clone(), String::new()),
        };
        let mut v = if head.is_empty() {
            let v = pos.get(auto).cloned().ok_or_else(|| vm.exc("IndexError", format!("Replacement index {auto} out of range for positional args tuple")))?;
            auto += 1;
            v
        } else if let Ok(n) = head.parse::<usize>() {
            pos.get(n).cloned().ok_or_else(|| vm.exc("IndexError", format!("Replacement index {n} out of range for positional args tuple")))?
        } else {
            match kwarg(&a, &head) {
                Some(v) => v,
                None => return Err(Unwind::Raise(vm.new_exception(&vm.rt.types.exception("KeyError"), vec![s(&head)]))),
            }
        };
        let mut rest = attrs.as_str();
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                v = vm.get_attr(&v, &r[..end])?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').unwrap_or(r.len());
                let key = &r[..end];
                let k = key.parse::<i64>().map(Value::Int).unwrap_or_else(|_| s(key));
                v = vm.get_item(&v, &k)?;
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                break;
            }
        }
        let v = match conv.as_deref() {
            Some("r") => s(&vm.repr(&v)?),
            Some("s") => s(&vm.str_of(&v)?),
            _ => v,
        };
        out.push_str(&vm.format(&v, &spec)?);
    }
    Ok(s(&out))
}

// ---- list ----------------------------------------------------------------------------------

fn this_list(vm: &Vm, a: &Args, m: &str) -> Flow<Arc<Shared<Vec<Value>>>> {
    match a.pos.first() {
        Some(Value::List(l)) => Ok(l.clone()),
        _ => Err(vm.type_error(format!("descriptor '{m}' for 'list' objects doesn't apply"))),
    }
}
fn list_append(vm: &mut Vm, a: Args) -> Flow<Value> {
    let l = this_list(vm, &a, "append")?;
    let v = arg(vm, &a, 1, "append")?;
    let mut g = l.lock();
    if g.len() >= super::runtime::MAX_ITEMS {
        drop(g);
        return Err(vm.exc("MemoryError", ""));
    }
    g.push(v);
    Ok(Value::None)
}
fn list_extend(vm: &mut Vm, a: Args) -> Flow<Value> {
    let l = this_list(vm, &a, "extend")?;
    let items = vm.collect(&arg(vm, &a, 1, "extend")?)?;
    l.lock().extend(items);
    Ok(Value::None)
}
fn list_insert(vm: &mut Vm, a: Args) -> Flow<Value> {
    let l = this_list(vm, &a, "insert")?;
    let i = to_i64(vm, &arg(vm, &a, 1, "insert")?)?;
    let v = arg(vm, &a, 2, "insert")?;
    let mut g = l.lock();
    let n = g.len() as i64;
    let idx = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    g.insert(idx, v);
    Ok(Value::None)
}
fn list_pop(vm: &mut Vm, a: Args) -> Flow<Value> {
    let l = this_list(vm, &a, "pop")?;
    let n = l.lock().len();
    if n == 0 {
        return Err(vm.exc("IndexError", "pop from empty list"));
    }
    let i = match a.pos.get(1) {
        Some(v) => vm.index(v, n, "pop")?,
        None => n - 1,
    };
    // `__index__` may have changed the list meanwhile.
    let mut g = l.lock();
    if i >= g.len() {
        let msg = if g.is_empty() { "pop from empty list" } else { "pop index out of range" };
        drop(g);
        return Err(vm.exc("IndexError", msg));
    }
    Ok(g.remove(i))
}
fn list_remove(vm: &mut Vm, a: Args) -> Flow<Value> {
    let l = this_list(vm, &a, "remove")?;
    let v = arg(vm, &a, 1, "remove")?;
    let items = l.lock().clone();
    for (i, x) in items.iter().enumerate() {
        if x.is(&v) || vm.eq(x, &v)? {
            // `__eq__` may have changed the list meanwhile: remove this very item if it is there.
            let mut g = l.lock();
            if let Some(pos) = g.iter().position(|y| y.is(x)) {
                g.remove(pos);
            }
            let _ = i;
            return Ok(Value::None);
        }
    }
    Err(vm.exc("ValueError", "list.remove(x): x not in list"))
}
fn list_index(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = arg(vm, &a, 1, "index")?;
    let items = match &a.pos[0] {
        Value::List(l) => l.lock().clone(),
        Value::Tuple(t) => t.to_vec(),
        _ => vec![],
    };
    for (i, x) in items.iter().enumerate() {
        if x.is(&v) || vm.eq(x, &v)? {
            return Ok(Value::Int(i as i64));
        }
    }
    let r = vm.repr(&v)?;
    Err(vm.exc("ValueError", if matches!(a.pos[0], Value::Tuple(_)) { "tuple.index(x): x not in tuple".to_string() } else { format!("{r} is not in list") }))
}
fn list_count(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = arg(vm, &a, 1, "count")?;
    let items = match &a.pos[0] {
        Value::List(l) => l.lock().clone(),
        Value::Tuple(t) => t.to_vec(),
        _ => vec![],
    };
    let mut n = 0;
    for x in &items {
        if x.is(&v) || vm.eq(x, &v)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}
fn list_reverse(vm: &mut Vm, a: Args) -> Flow<Value> {
    this_list(vm, &a, "reverse")?.lock().reverse();
    Ok(Value::None)
}
fn list_clear(vm: &mut Vm, a: Args) -> Flow<Value> {
    this_list(vm, &a, "clear")?.lock().clear();
    Ok(Value::None)
}
fn list_copy(vm: &mut Vm, a: Args) -> Flow<Value> {
    let items = this_list(vm, &a, "copy")?.lock().clone();
    Ok(Value::list(items))
}
fn list_sort(vm: &mut Vm, a: Args) -> Flow<Value> {
    let l = this_list(vm, &a, "sort")?;
    let items = std::mem::take(&mut *l.lock());
    let key = kwarg(&a, "key").filter(|k| !k.is_none());
    let reverse = match kwarg(&a, "reverse") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let sorted = sort_values(vm, items.clone(), key, reverse);
    match sorted {
        Ok(v) => {
            *l.lock() = v;
            Ok(Value::None)
        }
        Err(e) => {
            *l.lock() = items;
            Err(e)
        }
    }
}

// ---- dict ----------------------------------------------------------------------------------

fn this_dict(vm: &Vm, a: &Args, m: &str) -> Flow<Arc<Shared<Dict>>> {
    match a.pos.first() {
        Some(Value::Dict(d)) => Ok(d.clone()),
        _ => Err(vm.type_error(format!("descriptor '{m}' for 'dict' objects doesn't apply"))),
    }
}
fn dict_keys(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "keys")?;
    let keys = d.lock().keys();
    Ok(view("dict_keys", keys))
}
fn dict_values(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "values")?;
    let v = d.lock().values();
    Ok(view("dict_values", v))
}
fn dict_items(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "items")?;
    let items = d.lock().items().into_iter().map(|(k, v)| Value::tuple(vec![k, v])).collect();
    Ok(view("dict_items", items))
}

/// A dict view, kept simple: a list of what the dict held when the view was made.
fn view(_kind: &str, items: Vec<Value>) -> Value {
    Value::list(items)
}
fn dict_get(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "get")?;
    let k = arg(vm, &a, 1, "get")?;
    let r = d.lock().get(&k).map_err(|e| vm.unhashable(e))?;
    Ok(r.unwrap_or_else(|| a.pos.get(2).cloned().unwrap_or(Value::None)))
}
fn dict_setdefault(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "setdefault")?;
    let k = arg(vm, &a, 1, "setdefault")?;
    let default = a.pos.get(2).cloned().unwrap_or(Value::None);
    let existing = d.lock().get(&k).map_err(|e| vm.unhashable(e))?;
    match existing {
        Some(v) => Ok(v),
        None => {
            d.lock().insert(k, default.clone()).map_err(|e| vm.unhashable(e))?;
            Ok(default)
        }
    }
}
fn dict_pop(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "pop")?;
    let k = arg(vm, &a, 1, "pop")?;
    let r = d.lock().remove(&k).map_err(|e| vm.unhashable(e))?;
    match (r, a.pos.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(d)) => Ok(d.clone()),
        (None, None) => Err(Unwind::Raise(vm.new_exception(&vm.rt.types.exception("KeyError"), vec![k]))),
    }
}
fn dict_popitem(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "popitem")?;
    let r = d.lock().pop_last();
    match r {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(vm.exc("KeyError", "popitem(): dictionary is empty")),
    }
}
fn dict_update(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "update")?;
    let rest = Args { pos: a.pos[1..].to_vec(), kw: a.kw.clone() };
    let other = super::builtins::dict_from(vm, &rest)?;
    let mut g = d.lock();
    for (k, v) in other.items() {
        let _ = g.insert(k, v);
    }
    Ok(Value::None)
}
fn dict_clear(vm: &mut Vm, a: Args) -> Flow<Value> {
    this_dict(vm, &a, "clear")?.lock().clear();
    Ok(Value::None)
}
fn dict_copy(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_dict(vm, &a, "copy")?.lock().clone();
    Ok(Value::Dict(Arc::new(Shared::new(d))))
}
fn dict_fromkeys(vm: &mut Vm, a: Args) -> Flow<Value> {
    // Called on the class: `dict.fromkeys(keys, value)`.
    let keys = vm.collect(&arg(vm, &a, 1, "fromkeys")?)?;
    let v = a.pos.get(2).cloned().unwrap_or(Value::None);
    let mut d = Dict::new();
    for k in keys {
        d.insert(k, v.clone()).map_err(|e| vm.unhashable(e))?;
    }
    Ok(Value::Dict(Arc::new(Shared::new(d))))
}

// ---- set -----------------------------------------------------------------------------------

fn this_set(vm: &Vm, a: &Args, m: &str) -> Flow<Arc<Shared<Dict>>> {
    match a.pos.first() {
        Some(Value::Set(d)) => Ok(d.clone()),
        _ => Err(vm.type_error(format!("descriptor '{m}' for 'set' objects doesn't apply"))),
    }
}
fn set_add(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_set(vm, &a, "add")?;
    let v = arg(vm, &a, 1, "add")?;
    let r = d.lock().insert(v, Value::None);
    r.map_err(|e| vm.unhashable(e))?;
    Ok(Value::None)
}
fn set_discard(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_set(vm, &a, "discard")?;
    let v = arg(vm, &a, 1, "discard")?;
    let r = d.lock().remove(&v);
    r.map_err(|e| vm.unhashable(e))?;
    Ok(Value::None)
}
fn set_remove(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_set(vm, &a, "remove")?;
    let v = arg(vm, &a, 1, "remove")?;
    let r = d.lock().remove(&v).map_err(|e| vm.unhashable(e))?;
    match r {
        Some(_) => Ok(Value::None),
        None => Err(Unwind::Raise(vm.new_exception(&vm.rt.types.exception("KeyError"), vec![v]))),
    }
}
fn set_pop(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_set(vm, &a, "pop")?;
    let first = super::sets::ordered(&d.lock()).into_iter().next();
    match first {
        Some(k) => {
            let _ = d.lock().remove(&k);
            Ok(k)
        }
        None => Err(vm.exc("KeyError", "pop from an empty set")),
    }
}
fn set_update(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_set(vm, &a, "update")?;
    for other in a.pos[1..].to_vec() {
        for v in vm.collect(&other)? {
            let r = d.lock().insert(v, Value::None);
            r.map_err(|e| vm.unhashable(e))?;
        }
    }
    Ok(Value::None)
}
fn set_clear(vm: &mut Vm, a: Args) -> Flow<Value> {
    this_set(vm, &a, "clear")?.lock().clear();
    Ok(Value::None)
}
fn set_copy(vm: &mut Vm, a: Args) -> Flow<Value> {
    let d = this_set(vm, &a, "copy")?.lock().clone();
    Ok(Value::Set(Arc::new(Shared::new(d))))
}
fn set_binop(vm: &mut Vm, a: &Args, op: super::bytecode::BinOp) -> Flow<Value> {
    let mut acc = arg(vm, a, 0, "set")?;
    for other in a.pos[1..].iter() {
        let o = match other {
            Value::Set(_) | Value::FrozenSet(_) => other.clone(),
            v => {
                let items = vm.collect(v)?;
                let mut d = Dict::new();
                for i in items {
                    d.insert(i, Value::None).map_err(|e| vm.unhashable(e))?;
                }
                Value::Set(Arc::new(Shared::new(d)))
            }
        };
        acc = vm.binary(op, &acc, &o, false)?;
    }
    Ok(acc)
}
fn set_union(vm: &mut Vm, a: Args) -> Flow<Value> {
    set_binop(vm, &a, super::bytecode::BinOp::Or)
}
fn set_intersection(vm: &mut Vm, a: Args) -> Flow<Value> {
    set_binop(vm, &a, super::bytecode::BinOp::And)
}
fn set_difference(vm: &mut Vm, a: Args) -> Flow<Value> {
    set_binop(vm, &a, super::bytecode::BinOp::Sub)
}
fn set_symmetric_difference(vm: &mut Vm, a: Args) -> Flow<Value> {
    set_binop(vm, &a, super::bytecode::BinOp::Xor)
}
fn set_issubset(vm: &mut Vm, a: Args) -> Flow<Value> {
    let x = super::ops::set_items(&arg(vm, &a, 0, "issubset")?);
    let other = vm.collect(&arg(vm, &a, 1, "issubset")?)?;
    let mut y = Dict::new();
    for o in other {
        let _ = y.insert(o, Value::None);
    }
    Ok(Value::Bool(x.keys().iter().all(|k| y.contains_hashed(k))))
}
fn set_issuperset(vm: &mut Vm, a: Args) -> Flow<Value> {
    let x = super::ops::set_items(&arg(vm, &a, 0, "issuperset")?);
    let other = vm.collect(&arg(vm, &a, 1, "issuperset")?)?;
    Ok(Value::Bool(other.iter().all(|k| x.contains_hashed(k))))
}
fn set_isdisjoint(vm: &mut Vm, a: Args) -> Flow<Value> {
    let x = super::ops::set_items(&arg(vm, &a, 0, "isdisjoint")?);
    let other = vm.collect(&arg(vm, &a, 1, "isdisjoint")?)?;
    Ok(Value::Bool(!other.iter().any(|k| x.contains_hashed(k))))
}

// ---- bytes, int, float ------------------------------------------------------------------------

fn bytes_decode(vm: &mut Vm, a: Args) -> Flow<Value> {
    match a.pos.first() {
        Some(Value::Bytes(b)) => match std::str::from_utf8(b) {
            Ok(t) => Ok(s(t)),
            Err(e) => Err(vm.exc("UnicodeDecodeError", format!("'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte", b[e.valid_up_to()], e.valid_up_to()))),
        },
        _ => Err(vm.type_error("decode() needs bytes")),
    }
}
fn bytes_hex(vm: &mut Vm, a: Args) -> Flow<Value> {
    match a.pos.first() {
        Some(Value::Bytes(b)) => Ok(s(&b.iter().map(|x| format!("{x:02x}")).collect::<String>())),
        _ => Err(vm.type_error("hex() needs bytes")),
    }
}
/// The bytes a method is called on, and its bytes argument `i` (what streams code uses).
fn this_bytes(vm: &Vm, a: &Args, name: &str) -> Flow<Arc<[u8]>> {
    match a.pos.first() {
        Some(Value::Bytes(b)) => Ok(b.clone()),
        _ => Err(vm.type_error(format!("descriptor '{name}' for 'bytes' objects doesn't apply"))),
    }
}
fn bytes_arg(vm: &Vm, a: &Args, i: usize, name: &str) -> Flow<Arc<[u8]>> {
    match a.pos.get(i) {
        Some(Value::Bytes(b)) => Ok(b.clone()),
        Some(v) => Err(vm.type_error(format!("argument should be integer or bytes-like object, not '{}'", vm.type_name(v)))),
        None => Err(vm.type_error(format!("{name}() takes at least 1 argument (0 given)"))),
    }
}
fn bytes_find(vm: &mut Vm, a: Args) -> Flow<Value> {
    let (hay, needle) = (this_bytes(vm, &a, "find")?, bytes_arg(vm, &a, 1, "find")?);
    let at = if needle.is_empty() { Some(0) } else { hay.windows(needle.len()).position(|w| w == &needle[..]) };
    Ok(Value::Int(at.map(|i| i as i64).unwrap_or(-1)))
}
fn bytes_join(vm: &mut Vm, a: Args) -> Flow<Value> {
    let sep = this_bytes(vm, &a, "join")?;
    let items = vm.collect(&arg(vm, &a, 1, "join")?)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Bytes(b) = item else {
            return Err(vm.type_error(format!("sequence item {i}: expected a bytes-like object, {} found", vm.type_name(item))));
        };
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(b);
    }
    Ok(Value::Bytes(out.into()))
}
fn bytes_startswith(vm: &mut Vm, a: Args) -> Flow<Value> {
    let (b, p) = (this_bytes(vm, &a, "startswith")?, bytes_arg(vm, &a, 1, "startswith")?);
    Ok(Value::Bool(b.starts_with(&p)))
}
fn bytes_endswith(vm: &mut Vm, a: Args) -> Flow<Value> {
    let (b, p) = (this_bytes(vm, &a, "endswith")?, bytes_arg(vm, &a, 1, "endswith")?);
    Ok(Value::Bool(b.ends_with(&p)))
}
fn bytes_mapped(vm: &mut Vm, a: &Args, name: &str, f: fn(&u8) -> u8) -> Flow<Value> {
    let b = this_bytes(vm, a, name)?;
    Ok(Value::Bytes(b.iter().map(f).collect::<Vec<u8>>().into()))
}
fn bytes_upper(vm: &mut Vm, a: Args) -> Flow<Value> {
    bytes_mapped(vm, &a, "upper", u8::to_ascii_uppercase)
}
fn bytes_lower(vm: &mut Vm, a: Args) -> Flow<Value> {
    bytes_mapped(vm, &a, "lower", u8::to_ascii_lowercase)
}
/// `strip`, `lstrip`, `rstrip`: ASCII whitespace, or the bytes given.
fn bytes_strip_sides(vm: &mut Vm, a: &Args, name: &str, left: bool, right: bool) -> Flow<Value> {
    let b = this_bytes(vm, a, name)?;
    let chars: Vec<u8> = match a.pos.get(1) {
        None | Some(Value::None) => b" \t\n\r\x0b\x0c".to_vec(),
        Some(_) => bytes_arg(vm, a, 1, name)?.to_vec(),
    };
    let (mut start, mut end) = (0, b.len());
    while left && start < end && chars.contains(&b[start]) {
        start += 1;
    }
    while right && end > start && chars.contains(&b[end - 1]) {
        end -= 1;
    }
    Ok(Value::Bytes(b[start..end].to_vec().into()))
}
fn bytes_strip(vm: &mut Vm, a: Args) -> Flow<Value> {
    bytes_strip_sides(vm, &a, "strip", true, true)
}
fn bytes_lstrip(vm: &mut Vm, a: Args) -> Flow<Value> {
    bytes_strip_sides(vm, &a, "lstrip", true, false)
}
fn bytes_rstrip(vm: &mut Vm, a: Args) -> Flow<Value> {
    bytes_strip_sides(vm, &a, "rstrip", false, true)
}
fn int_bit_length(vm: &mut Vm, a: Args) -> Flow<Value> {
    let n = super::ops::big(&arg(vm, &a, 0, "bit_length")?).unwrap_or_default();
    Ok(Value::Int(n.bits() as i64))
}
fn float_is_integer(vm: &mut Vm, a: Args) -> Flow<Value> {
    match arg(vm, &a, 0, "is_integer")? {
        Value::Float(f) => Ok(Value::Bool(f.is_finite() && f.fract() == 0.0)),
        _ => Ok(Value::Bool(true)),
    }
}
fn float_as_integer_ratio(vm: &mut Vm, a: Args) -> Flow<Value> {
    let Value::Float(f) = arg(vm, &a, 0, "as_integer_ratio")? else { return Err(vm.type_error("needs a float")) };
    let mut den: i64 = 1;
    let mut num = f;
    while num.fract() != 0.0 && den < (1 << 52) {
        num *= 2.0;
        den *= 2;
    }
    Ok(Value::tuple(vec![Value::Int(num as i64), Value::Int(den)]))
}

// ---- generators and coroutines -------------------------------------------------------------

fn this_gen(vm: &Vm, a: &Args) -> Flow<Arc<Generator>> {
    match a.pos.first() {
        Some(Value::Generator(g)) => Ok(g.clone()),
        _ => Err(vm.type_error("descriptor needs a generator")),
    }
}

fn gen_result(vm: &mut Vm, step: Flow<GenStep>) -> Flow<Value> {
    match step? {
        GenStep::Yielded(v) => Ok(v),
        GenStep::Returned(v) => Err(stop_iteration(vm, v)),
    }
}

fn gen_send(vm: &mut Vm, a: Args) -> Flow<Value> {
    let g = this_gen(vm, &a)?;
    let v = arg(vm, &a, 1, "send")?;
    let step = vm.resume_generator(&g, Resume::Value(v));
    gen_result(vm, step)
}

fn gen_next(vm: &mut Vm, a: Args) -> Flow<Value> {
    let g = this_gen(vm, &a)?;
    let step = vm.resume_generator(&g, Resume::Value(Value::None));
    gen_result(vm, step)
}

fn gen_throw(vm: &mut Vm, a: Args) -> Flow<Value> {
    let g = this_gen(vm, &a)?;
    let mut e = arg(vm, &a, 1, "throw")?;
    if let Value::Class(c) = &e {
        let args = a.pos.get(2).map(|v| vec![v.clone()]).unwrap_or_default();
        e = vm.call(&Value::Class(c.clone()), Args::new(args))?;
    }
    let step = vm.resume_generator(&g, Resume::Throw(e));
    gen_result(vm, step)
}

fn gen_close(vm: &mut Vm, a: Args) -> Flow<Value> {
    let g = this_gen(vm, &a)?;
    if !*g.started.lock() {
        *g.state.lock() = GenStatus::Finished;
        return Ok(Value::None);
    }
    if matches!(&*g.state.lock(), GenStatus::Finished) {
        return Ok(Value::None);
    }
    let exit = vm.new_exception(&vm.rt.types.exception("GeneratorExit"), vec![]);
    match vm.resume_generator(&g, Resume::Throw(exit)) {
        Ok(GenStep::Yielded(_)) => Err(vm.exc("RuntimeError", "generator ignored GeneratorExit")),
        Ok(GenStep::Returned(_)) => Ok(Value::None),
        Err(Unwind::Raise(e)) if vm.is_instance_of(&e, "GeneratorExit") || vm.is_instance_of(&e, "StopIteration") => Ok(Value::None),
        Err(e) => Err(e),
    }
}

fn gen_iter(vm: &mut Vm, a: Args) -> Flow<Value> {
    arg(vm, &a, 0, "__iter__")
}

fn this_step(vm: &Vm, a: &Args) -> Flow<Arc<dyn HostObject>> {
    match a.pos.first() {
        Some(Value::Host(h)) if h.as_any().downcast_ref::<super::vm::AsyncGenStep>().is_some() => Ok(h.clone()),
        _ => Err(vm.type_error("descriptor needs an async generator step")),
    }
}

fn step_resume(vm: &mut Vm, a: &Args, resume: Resume) -> Flow<Value> {
    let h = this_step(vm, a)?;
    let step = h.as_any().downcast_ref::<super::vm::AsyncGenStep>().ok_or_else(|| vm.type_error("not an async generator step"))?;
    vm.async_gen_resume(step, resume)
}

fn step_next(vm: &mut Vm, a: Args) -> Flow<Value> {
    step_resume(vm, &a, Resume::Value(Value::None))
}

fn step_send(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = a.pos.get(1).cloned().unwrap_or(Value::None);
    step_resume(vm, &a, Resume::Value(v))
}

fn step_throw(vm: &mut Vm, a: Args) -> Flow<Value> {
    let mut e = arg(vm, &a, 1, "throw")?;
    if let Value::Class(c) = &e {
        e = vm.call(&Value::Class(c.clone()), Args::new(vec![]))?;
    }
    step_resume(vm, &a, Resume::Throw(e))
}

fn step_self(vm: &mut Vm, a: Args) -> Flow<Value> {
    arg(vm, &a, 0, "__await__")
}

fn agen_anext(vm: &mut Vm, a: Args) -> Flow<Value> {
    let g = this_gen(vm, &a)?;
    Ok(vm.async_gen_step(g, None))
}

fn agen_asend(vm: &mut Vm, a: Args) -> Flow<Value> {
    let g = this_gen(vm, &a)?;
    let v = arg(vm, &a, 1, "asend")?;
    Ok(vm.async_gen_step(g, Some(Resume::Value(v))))
}

fn agen_athrow(vm: &mut Vm, a: Args) -> Flow<Value> {
    let g = this_gen(vm, &a)?;
    let mut e = arg(vm, &a, 1, "athrow")?;
    if let Value::Class(c) = &e {
        e = vm.call(&Value::Class(c.clone()), Args::new(vec![]))?;
    }
    Ok(vm.async_gen_step(g, Some(Resume::Throw(e))))
}

fn agen_aclose(vm: &mut Vm, a: Args) -> Flow<Value> {
    let g = this_gen(vm, &a)?;
    if !*g.started.lock() || matches!(&*g.state.lock(), GenStatus::Finished) {
        *g.state.lock() = GenStatus::Finished;
        // An awaitable that completes at once.
        let done = vm.async_gen_step(g, None);
        return Ok(done_awaitable(vm, done));
    }
    let exit = vm.new_exception(&vm.rt.types.exception("GeneratorExit"), vec![]);
    Ok(Value::Host(Arc::new(super::vm::AsyncGenStep { agen: g, first: Shared::new(Some(Resume::Throw(exit))), class: vm.rt.types.async_gen_step.clone(), closing: true })))
}

/// `aclose()` of a generator that never started or already ended: awaiting it gives None.
fn done_awaitable(vm: &mut Vm, _step: Value) -> Value {
    let g = Arc::new(Generator {
        kind: GenKind::AsyncGenerator,
        name: Arc::from("aclose"),
        qualname: Arc::from("aclose"),
        state: Shared::new(GenStatus::Finished),
        started: Shared::new(true),
        preempted: Shared::new(false),
    });
    Value::Host(Arc::new(super::vm::AsyncGenStep { agen: g, first: Shared::new(None), class: vm.rt.types.async_gen_step.clone(), closing: true }))
}

fn agen_aiter(vm: &mut Vm, a: Args) -> Flow<Value> {
    arg(vm, &a, 0, "__aiter__")
}

fn object_init(_vm: &mut Vm, _a: Args) -> Flow<Value> {
    Ok(Value::None)
}

fn object_repr(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = arg(vm, &a, 0, "__repr__")?;
    match &v {
        Value::Instance(i) => Ok(s(&format!("<{}.{} object at 0x{:x}>", i.class.module, i.class.qualname, v.identity()))),
        other => vm.repr(other).map(|r| s(&r)),
    }
}

fn object_str(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = arg(vm, &a, 0, "__str__")?;
    vm.repr(&v).map(|r| s(&r))
}

fn object_eq(vm: &mut Vm, a: Args) -> Flow<Value> {
    let x = arg(vm, &a, 0, "__eq__")?;
    let y = arg(vm, &a, 1, "__eq__")?;
    Ok(if x.is(&y) { Value::Bool(true) } else { Value::NotImplemented })
}

fn object_setattr(vm: &mut Vm, a: Args) -> Flow<Value> {
    let obj = arg(vm, &a, 0, "__setattr__")?;
    let name = arg(vm, &a, 1, "__setattr__")?;
    let v = arg(vm, &a, 2, "__setattr__")?;
    if let (Value::Instance(i), Value::Str(n)) = (&obj, &name) {
        i.dict.lock().insert(n.clone(), v);
    }
    Ok(Value::None)
}

fn object_hash(vm: &mut Vm, a: Args) -> Flow<Value> {
    let v = arg(vm, &a, 0, "__hash__")?;
    Ok(Value::Int((v.identity() >> 4) as i64))
}

fn property_setter(vm: &mut Vm, a: Args) -> Flow<Value> {
    let Some(Value::Property(p)) = a.pos.first() else { return Err(vm.type_error("setter needs a property")) };
    let f = arg(vm, &a, 1, "setter")?;
    Ok(Value::Property(Arc::new(Property { getter: p.getter.clone(), setter: f, deleter: p.deleter.clone() })))
}

fn property_getter(vm: &mut Vm, a: Args) -> Flow<Value> {
    let Some(Value::Property(p)) = a.pos.first() else { return Err(vm.type_error("getter needs a property")) };
    let f = arg(vm, &a, 1, "getter")?;
    Ok(Value::Property(Arc::new(Property { getter: f, setter: p.setter.clone(), deleter: p.deleter.clone() })))
}

fn property_deleter(vm: &mut Vm, a: Args) -> Flow<Value> {
    let Some(Value::Property(p)) = a.pos.first() else { return Err(vm.type_error("deleter needs a property")) };
    let f = arg(vm, &a, 1, "deleter")?;
    Ok(Value::Property(Arc::new(Property { getter: p.getter.clone(), setter: p.setter.clone(), deleter: f })))
}

fn add(class: &Arc<Class>, owner: &'static str, methods: &[(&'static str, NativeFn)]) {
    let mut d = class.dict.lock();
    for (name, f) in methods {
        d.insert(Arc::from(*name), native(name, owner, *f));
    }
}

pub fn install(rt: &Runtime) {
    let t = &rt.types;
    add(&t.object, "object", &[("__init__", object_init), ("__repr__", object_repr), ("__str__", object_str), ("__eq__", object_eq), ("__setattr__", object_setattr), ("__hash__", object_hash)]);
    add(
        &t.str_,
        "str",
        &[
            ("upper", str_upper),
            ("lower", str_lower),
            ("title", str_title),
            ("capitalize", str_capitalize),
            ("swapcase", str_swapcase),
            ("strip", str_strip),
            ("lstrip", str_lstrip),
            ("rstrip", str_rstrip),
            ("split", str_split),
            ("rsplit", str_rsplit),
            ("splitlines", str_splitlines),
            ("join", str_join),
            ("replace", str_replace),
            ("find", str_find),
            ("rfind", str_rfind),
            ("index", str_index),
            ("rindex", str_rindex),
            ("count", str_count),
            ("startswith", str_startswith),
            ("endswith", str_endswith),
            ("removeprefix", str_removeprefix),
            ("removesuffix", str_removesuffix),
            ("center", str_center),
            ("ljust", str_ljust),
            ("rjust", str_rjust),
            ("zfill", str_zfill),
            ("isdigit", str_isdigit),
            ("isnumeric", str_isnumeric),
            ("isdecimal", str_isdecimal),
            ("isalpha", str_isalpha),
            ("isalnum", str_isalnum),
            ("isspace", str_isspace),
            ("isupper", str_isupper),
            ("islower", str_islower),
            ("isidentifier", str_isidentifier),
            ("partition", str_partition),
            ("rpartition", str_rpartition),
            ("encode", str_encode),
            ("format", str_format),
        ],
    );
    add(
        &t.list,
        "list",
        &[
            ("append", list_append),
            ("extend", list_extend),
            ("insert", list_insert),
            ("pop", list_pop),
            ("remove", list_remove),
            ("index", list_index),
            ("count", list_count),
            ("reverse", list_reverse),
            ("clear", list_clear),
            ("copy", list_copy),
            ("sort", list_sort),
        ],
    );
    add(&t.tuple, "tuple", &[("index", list_index), ("count", list_count)]);
    add(
        &t.dict,
        "dict",
        &[
            ("keys", dict_keys),
            ("values", dict_values),
            ("items", dict_items),
            ("get", dict_get),
            ("setdefault", dict_setdefault),
            ("pop", dict_pop),
            ("popitem", dict_popitem),
            ("update", dict_update),
            ("clear", dict_clear),
            ("copy", dict_copy),
        ],
    );
    t.dict.dict.lock().insert(Arc::from("fromkeys"), Value::ClassMethod(Arc::new(native("fromkeys", "dict", dict_fromkeys))));
    add(
        &t.set,
        "set",
        &[
            ("add", set_add),
            ("discard", set_discard),
            ("remove", set_remove),
            ("pop", set_pop),
            ("update", set_update),
            ("clear", set_clear),
            ("copy", set_copy),
            ("union", set_union),
            ("intersection", set_intersection),
            ("difference", set_difference),
            ("symmetric_difference", set_symmetric_difference),
            ("issubset", set_issubset),
            ("issuperset", set_issuperset),
            ("isdisjoint", set_isdisjoint),
        ],
    );
    add(&t.frozenset, "frozenset", &[("union", set_union), ("intersection", set_intersection), ("difference", set_difference), ("issubset", set_issubset), ("issuperset", set_issuperset), ("isdisjoint", set_isdisjoint)]);
    add(
        &t.bytes,
        "bytes",
        &[
            ("decode", bytes_decode),
            ("hex", bytes_hex),
            ("find", bytes_find),
            ("join", bytes_join),
            ("startswith", bytes_startswith),
            ("endswith", bytes_endswith),
            ("upper", bytes_upper),
            ("lower", bytes_lower),
            ("strip", bytes_strip),
            ("lstrip", bytes_lstrip),
            ("rstrip", bytes_rstrip),
        ],
    );
    add(&t.int, "int", &[("bit_length", int_bit_length)]);
    add(&t.float, "float", &[("is_integer", float_is_integer), ("as_integer_ratio", float_as_integer_ratio)]);
    for g in [&t.generator, &t.coroutine] {
        add(g, "generator", &[("send", gen_send), ("throw", gen_throw), ("close", gen_close), ("__next__", gen_next), ("__iter__", gen_iter)]);
    }
    add(&t.async_gen_step, "async_generator_asend", &[("__next__", step_next), ("send", step_send), ("throw", step_throw), ("__await__", step_self), ("__iter__", step_self)]);
    add(&t.async_generator, "async_generator", &[("__anext__", agen_anext), ("__aiter__", agen_aiter), ("asend", agen_asend), ("athrow", agen_athrow), ("aclose", agen_aclose)]);
    add(&t.property, "property", &[("setter", property_setter), ("getter", property_getter), ("deleter", property_deleter)]);
}
