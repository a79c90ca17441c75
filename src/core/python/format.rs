//! Text of values: `repr`, `str`, `format` specs and `%`-formatting, byte for byte as CPython
//! writes them (float repr is the shortest string that reads back to the same float).

use std::fmt::Write as _;
use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::Signed;

use super::ops::{as_float, big};
use super::value::*;
use super::vm::{Flow, Vm};

/// CPython's `repr(float)`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Rust's `{:e}` gives the shortest digits that round-trip; only the layout differs.
    let e = format!("{:e}", f);
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.push_str(&"0".repeat(int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        } else {
            out.push_str("0.");
            out.push_str(&"0".repeat((-exp - 1) as usize));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    out
}

/// CPython's `repr(str)`: single quotes unless the text has a single quote and no double one.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if !is_printable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    let _ = write!(out, "\\x{n:02x}");
                } else if n <= 0xffff {
                    let _ = write!(out, "\\u{n:04x}");
                } else {
                    let _ = write!(out, "\\U{n:08x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// An approximation of Python's `str.isprintable` for one character.
fn is_printable(c: char) -> bool {
    let n = c as u32;
    !(n < 0x20 || (0x7f..0xa0).contains(&n) || n == 0xad || (0x2028..=0x2029).contains(&n) || (0xd800..0xe000).contains(&n) || n == 0xfeff || (0xe000..0xf900).contains(&n))
}

pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(quote);
    for &x in b {
        match x {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            x if x as char == quote => {
                out.push('\\');
                out.push(x as char);
            }
            0x20..=0x7e => out.push(x as char),
            x => {
                let _ = write!(out, "\\x{x:02x}");
            }
        }
    }
    out.push(quote);
    out
}

/// `ascii()`: the repr with every non-ASCII character escaped.
pub fn ascii(repr: &str) -> String {
    let mut out = String::new();
    for c in repr.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n <= 0xff {
            let _ = write!(out, "\\x{n:02x}");
        } else if n <= 0xffff {
            let _ = write!(out, "\\u{n:04x}");
        } else {
            let _ = write!(out, "\\U{n:08x}");
        }
    }
    out
}

/// A repr for debugging and disassembly, needing no VM (user `__repr__` is not called).
pub fn debug_repr(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Big(b) => b.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => str_repr(s),
        Value::Bytes(b) => bytes_repr(b),
        Value::Tuple(t) => {
            let items: Vec<String> = t.iter().map(debug_repr).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        Value::Code(c) => format!("<code object {} at 0x{:x}, file \"{}\", line {}>", c.name, Arc::as_ptr(c) as usize, c.filename, c.first_line),
        Value::Ellipsis => "Ellipsis".into(),
        other => format!("<{} object>", match other {
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Function(_) => "function",
            Value::Class(_) => "type",
            _ => "object",
        }),
    }
}

fn address(v: &Value) -> String {
    format!("0x{:x}", v.identity())
}

impl Vm {
    pub fn repr(&mut self, v: &Value) -> Flow<String> {
        let mut seen = Vec::new();
        self.repr_seen(v, &mut seen)
    }

    fn repr_seen(&mut self, v: &Value, seen: &mut Vec<usize>) -> Flow<String> {
        // Deep nesting would overflow the Rust stack (and abort the page); CPython stops too.
        if seen.len() > 400 {
            return Err(self.exc("RecursionError", "maximum recursion depth exceeded while getting the repr of an object"));
        }
        Ok(match v {
            Value::None => "None".into(),
            Value::NotImplemented => "NotImplemented".into(),
            Value::Ellipsis => "Ellipsis".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Big(b) => {
                let s = b.to_string();
                if s.len() > 4300 {
                    return Err(self.exc("ValueError", "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"));
                }
                s
            }
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => str_repr(s),
            Value::Bytes(b) => bytes_repr(b),
            Value::List(l) => {
                let id = v.identity();
                if seen.contains(&id) {
                    return Ok("[...]".into());
                }
                seen.push(id);
                let items = l.lock().clone();
                let mut parts = Vec::with_capacity(items.len());
                for x in &items {
                    parts.push(self.repr_seen(x, seen)?);
                }
                seen.pop();
                format!("[{}]", parts.join(", "))
            }
            Value::Tuple(t) => {
                seen.push(v.identity());
                let mut parts = Vec::with_capacity(t.len());
                for x in t.iter() {
                    parts.push(self.repr_seen(x, seen)?);
                }
                seen.pop();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Value::Dict(d) => {
                let id = v.identity();
                if seen.contains(&id) {
                    return Ok("{...}".into());
                }
                seen.push(id);
                let items = d.lock().items();
                let mut parts = Vec::with_capacity(items.len());
                for (k, x) in &items {
                    let k = self.repr_seen(k, seen)?;
                    let x = self.repr_seen(x, seen)?;
                    parts.push(format!("{k}: {x}"));
                }
                seen.pop();
                format!("{{{}}}", parts.join(", "))
            }
            Value::Set(d) => {
                let keys = super::sets::ordered(&d.lock());
                if keys.is_empty() {
                    return Ok("set()".into());
                }
                let mut parts = Vec::new();
                for k in &keys {
                    parts.push(self.repr_seen(k, seen)?);
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::FrozenSet(d) => {
                let keys = super::sets::ordered(d);
                if keys.is_empty() {
                    return Ok("frozenset()".into());
                }
                let mut parts = Vec::new();
                for k in &keys {
                    parts.push(self.repr_seen(k, seen)?);
                }
                format!("frozenset({{{}}})", parts.join(", "))
            }
            Value::Range(r) => {
                if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Value::Slice(s) => {
                let a = self.repr_seen(&s[0], seen)?;
                let b = self.repr_seen(&s[1], seen)?;
                let c = self.repr_seen(&s[2], seen)?;
                format!("slice({a}, {b}, {c})")
            }
            Value::Function(f) => format!("<function {} at {}>", f.code.qualname, address(v)),
            Value::Native(n) => {
                if n.owner.is_empty() {
                    format!("<built-in function {}>", n.name)
                } else {
                    format!("<method '{}' of '{}' objects>", n.name, n.owner)
                }
            }
            Value::Bound(b) => {
                let recv = self.repr_seen(&b.receiver, seen)?;
                match &b.func {
                    Value::Function(f) => format!("<bound method {} of {}>", f.code.qualname, recv),
                    Value::Native(n) => format!("<built-in method {} of {} object at {}>", n.name, self.type_name(&b.receiver), address(&b.receiver)),
                    _ => format!("<bound method of {recv}>"),
                }
            }
            Value::Class(c) => {
                if c.module == "builtins" {
                    format!("<class '{}'>", c.qualname)
                } else {
                    format!("<class '{}.{}'>", c.module, c.qualname)
                }
            }
            Value::Module(m) => {
                if m.name == "__main__" {
                    "<module '__main__'>".into()
                } else {
                    format!("<module '{}' (built-in)>", m.name)
                }
            }
            Value::Generator(g) => {
                let kind = match g.kind {
                    GenKind::Generator => "generator",
                    GenKind::Coroutine => "coroutine",
                    GenKind::AsyncGenerator => "async_generator",
                };
                format!("<{kind} object {} at {}>", g.qualname, address(v))
            }
            Value::Iterator(_) => format!("<{} object at {}>", self.type_name(v), address(v)),
            Value::Property(_) => format!("<property object at {}>", address(v)),
            Value::ClassMethod(_) => format!("<classmethod object at {}>", address(v)),
            Value::StaticMethod(_) => format!("<staticmethod object at {}>", address(v)),
            Value::Super(s) => format!("<super: <class '{}'>, <{} object>>", s.0.name, self.type_name(&s.1)),
            Value::Code(_) => debug_repr(v),
            Value::Instance(inst) => {
                if let Some(m) = inst.class.lookup("__repr__") {
                    if !matches!(m, Value::Native(_)) {
                        let r = self.call(&m, Args::new(vec![v.clone()]))?;
                        return match r {
                            Value::Str(s) => Ok(s.to_string()),
                            other => Err(self.type_error(format!("__repr__ returned non-string (type {})", self.type_name(&other)))),
                        };
                    }
                }
                if inst.class.is_exception() {
                    let args = exception_args(v);
                    let name = &inst.class.name;
                    let mut parts = Vec::new();
                    for a in &args {
                        parts.push(self.repr_seen(a, seen)?);
                    }
                    return Ok(format!("{name}({})", parts.join(", ")));
                }
                format!("<{}.{} object at {}>", inst.class.module, inst.class.qualname, address(v))
            }
            Value::Host(h) => {
                let class = h.class();
                if let Some(m) = class.lookup("__repr__") {
                    let r = self.call(&m, Args::new(vec![v.clone()]))?;
                    if let Value::Str(s) = r {
                        return Ok(s.to_string());
                    }
                }
                h.repr()
            }
        })
    }

    /// `str(v)`.
    pub fn str_of(&mut self, v: &Value) -> Flow<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Instance(inst) => {
                if let Some(m) = inst.class.lookup("__str__") {
                    // A class's own __str__, or OSError's (`[Errno 111] ...`); the base
                    // exception's is the plain rule below.
                    if !matches!(&m, Value::Native(n) if n.owner != "OSError") {
                        let r = self.call(&m, Args::new(vec![v.clone()]))?;
                        return match r {
                            Value::Str(s) => Ok(s.to_string()),
                            other => Err(self.type_error(format!("__str__ returned non-string (type {})", self.type_name(&other)))),
                        };
                    }
                }
                if inst.class.is_exception() {
                    let args = exception_args(v);
                    let is_key_error = inst.class.is_subclass(&self.rt.types.exception("KeyError"));
                    return match args.len() {
                        0 => Ok(String::new()),
                        1 if is_key_error => self.repr(&args[0]),
                        1 => self.str_of(&args[0]),
                        _ => self.repr(&Value::tuple(args)),
                    };
                }
                self.repr(v)
            }
            Value::Host(h) => {
                if let Some(m) = h.class().lookup("__str__") {
                    let r = self.call(&m, Args::new(vec![v.clone()]))?;
                    if let Value::Str(s) = r {
                        return Ok(s.to_string());
                    }
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> Flow<String> {
        if let Value::Instance(inst) = v {
            if let Some(m) = inst.class.lookup("__format__") {
                if !matches!(m, Value::Native(_)) {
                    let r = self.call(&m, Args::new(vec![v.clone(), Value::str(spec)]))?;
                    return self.str_of(&r);
                }
            }
            if spec.is_empty() {
                return self.str_of(v);
            }
            return Err(self.type_error(format!("unsupported format string passed to {}.__format__", inst.class.name)));
        }
        if spec.is_empty() {
            return self.str_of(v);
        }
        let s = match parse_spec(spec) {
            Some(s) => s,
            None => return Err(self.exc("ValueError", "Invalid format specifier")),
        };
        match v {
            Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
                if matches!(s.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
                    return Ok(format_float(as_float(v).unwrap_or(0.0), &s));
                }
                if matches!(v, Value::Bool(_)) && s.ty.is_none() {
                    let text = self.str_of(v)?;
                    return Ok(pad(&text, &s, '<'));
                }
                if s.precision.is_some() {
                    return Err(self.exc("ValueError", "Precision not allowed in integer format specifier"));
                }
                match s.ty {
                    None | Some('d' | 'n' | 'b' | 'o' | 'x' | 'X' | 'c') => Ok(format_int(&big(v).unwrap_or_default(), &s)),
                    Some(t) => Err(self.exc("ValueError", format!("Unknown format code '{t}' for object of type 'int'"))),
                }
            }
            Value::Float(f) => match s.ty {
                None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n') => Ok(format_float(*f, &s)),
                Some(t) => Err(self.exc("ValueError", format!("Unknown format code '{t}' for object of type 'float'"))),
            },
            Value::Str(text) => match s.ty {
                None | Some('s') => {
                    if s.sign.is_some() {
                        return Err(self.exc("ValueError", "Sign not allowed in string format specifier"));
                    }
                    let mut t: String = text.to_string();
                    if let Some(p) = s.precision {
                        t = t.chars().take(p).collect();
                    }
                    Ok(pad(&t, &s, '<'))
                }
                Some(t) => Err(self.exc("ValueError", format!("Unknown format code '{t}' for object of type 'str'"))),
            },
            other => {
                let text = self.str_of(other)?;
                if s.ty.is_some() || s.precision.is_some() {
                    return Err(self.type_error(format!("unsupported format string passed to {}.__format__", self.type_name(other))));
                }
                Ok(pad(&text, &s, '<'))
            }
        }
    }
}

/// The arguments an exception was made with.
pub fn exception_args(v: &Value) -> Vec<Value> {
    if let Value::Instance(i) = v {
        if let Some(Value::Tuple(t)) = i.dict.lock().get("args") {
            return t.to_vec();
        }
    }
    Vec::new()
}

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Debug, Default)]
pub struct Spec {
    fill: char,
    align: Option<char>,
    sign: Option<char>,
    alternate: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(spec: &str) -> Option<Spec> {
    let c: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec { fill: ' ', ..Default::default() };
    if c.len() >= 2 && matches!(c[1], '<' | '>' | '^' | '=') {
        s.fill = c[0];
        s.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && matches!(c[0], '<' | '>' | '^' | '=') {
        s.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        s.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        s.alternate = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while i < c.len() && c[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        s.width = c[start..i].iter().collect::<String>().parse().ok()?;
    }
    if i < c.len() && matches!(c[i], ',' | '_') {
        s.grouping = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        let start = i;
        while i < c.len() && c[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        s.precision = Some(c[start..i].iter().collect::<String>().parse().ok()?);
    }
    if i < c.len() {
        s.ty = Some(c[i]);
        i += 1;
    }
    if i != c.len() {
        return None;
    }
    if s.zero && s.align.is_none() {
        s.fill = '0';
        s.align = Some('=');
    }
    Some(s)
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (i, ch) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i) % every == 0 {
            out.push(sep);
        }
        out.push(*ch);
    }
    out
}

/// Pads `body` (which may start with a sign) to the spec's width.
fn pad_number(sign: &str, body: &str, s: &Spec) -> String {
    let len = sign.chars().count() + body.chars().count();
    if len >= s.width {
        return format!("{sign}{body}");
    }
    let fill = s.width - len;
    let f = |n: usize| s.fill.to_string().repeat(n);
    match s.align.unwrap_or('>') {
        '<' => format!("{sign}{body}{}", f(fill)),
        '^' => format!("{}{sign}{body}{}", f(fill / 2), f(fill - fill / 2)),
        '=' => format!("{sign}{}{body}", f(fill)),
        _ => format!("{}{sign}{body}", f(fill)),
    }
}

fn pad(text: &str, s: &Spec, default_align: char) -> String {
    let len = text.chars().count();
    if len >= s.width {
        return text.to_string();
    }
    let fill = s.width - len;
    let f = |n: usize| s.fill.to_string().repeat(n);
    match s.align.unwrap_or(default_align) {
        '>' => format!("{}{text}", f(fill)),
        '^' => format!("{}{text}{}", f(fill / 2), f(fill - fill / 2)),
        _ => format!("{text}{}", f(fill)),
    }
}

fn sign_of(neg: bool, s: &Spec) -> &'static str {
    if neg {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

fn format_int(n: &BigInt, s: &Spec) -> String {
    let neg = n.is_negative();
    let a = n.abs();
    let (mut body, prefix) = match s.ty {
        Some('b') => (a.to_str_radix(2), "0b"),
        Some('o') => (a.to_str_radix(8), "0o"),
        Some('x') => (a.to_str_radix(16), "0x"),
        Some('X') => (a.to_str_radix(16).to_uppercase(), "0X"),
        Some('c') => {
            let ch = num_traits::ToPrimitive::to_u32(&a).and_then(char::from_u32).unwrap_or('\u{fffd}');
            return pad(&ch.to_string(), s, '<');
        }
        _ => (a.to_string(), ""),
    };
    if let Some(g) = s.grouping {
        let every = if matches!(s.ty, Some('b' | 'o' | 'x' | 'X')) { 4 } else { 3 };
        body = group(&body, g, every);
    }
    let sign = format!("{}{}", sign_of(neg, s), if s.alternate { prefix } else { "" });
    if s.align == Some('=') && s.fill == '0' && s.grouping.is_some() {
        // Zero padding with grouping pads the digits, keeping the separators every three.
        let width = s.width.saturating_sub(sign.len());
        let raw: String = body.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let mut padded = raw.clone();
        loop {
            let g = group(&padded, s.grouping.unwrap_or(','), 3);
            if g.chars().count() >= width {
                return format!("{sign}{g}");
            }
            padded.insert(0, '0');
        }
    }
    pad_number(&sign, &body, s)
}

/// Formats a float per the spec (CPython's `format(float, spec)`).
pub fn format_float(f: f64, s: &Spec) -> String {
    let neg = f.is_sign_negative() && !(f == 0.0 && false) && !f.is_nan();
    let a = f.abs();
    let upper = matches!(s.ty, Some('E' | 'F' | 'G'));
    let mut body = if a.is_nan() {
        "nan".to_string()
    } else if a.is_infinite() {
        "inf".to_string()
    } else {
        match s.ty {
            Some('f' | 'F') => format!("{:.*}", s.precision.unwrap_or(6), a),
            Some('e' | 'E') => sci(a, s.precision.unwrap_or(6)),
            Some('%') => format!("{:.*}%", s.precision.unwrap_or(6), a * 100.0),
            Some('g' | 'G') => general(a, s.precision.unwrap_or(6), s.alternate, false),
            _ => match s.precision {
                Some(p) => general(a, p, s.alternate, true),
                None => {
                    let r = float_repr(a);
                    r
                }
            },
        }
    };
    if upper {
        body = body.to_uppercase();
    }
    if let Some(g) = s.grouping {
        let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
            Some(i) => (body[..i].to_string(), body[i..].to_string()),
            None => (body.clone(), String::new()),
        };
        body = format!("{}{}", group(&int_part, g, 3), rest);
    }
    let sign = sign_of(neg && !(a == 0.0 && !f.is_sign_negative()), s);
    pad_number(sign, &body, s)
}

/// `%e`-style: one digit, a point, `p` digits, and an exponent of at least two digits.
fn sci(a: f64, p: usize) -> String {
    let e = format!("{:.*e}", p, a);
    let (m, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

/// `%g`-style; `repr_like` is the spec with a precision but no type, which keeps a `.0`.
fn general(a: f64, p: usize, alternate: bool, repr_like: bool) -> String {
    let p = p.max(1);
    if a == 0.0 {
        return if repr_like { "0.0".into() } else if alternate { format!("0.{}", "0".repeat(p - 1)) } else { "0".into() };
    }
    let e = format!("{:.*e}", p - 1, a);
    let exp: i32 = e.split_once('e').map(|(_, x)| x.parse().unwrap_or(0)).unwrap_or(0);
    let mut out = if exp >= -4 && exp < p as i32 {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, a)
    } else {
        sci(a, p - 1)
    };
    if !alternate {
        let (m, tail) = match out.find('e') {
            Some(i) => (out[..i].to_string(), out[i..].to_string()),
            None => (out.clone(), String::new()),
        };
        let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.').to_string() } else { m };
        let m = if repr_like && !m.contains('.') && tail.is_empty() { format!("{m}.0") } else { m };
        out = format!("{m}{tail}");
    }
    out
}

/// `"..." % args`: the printf-style formatting the older listings use.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> Flow<String> {
    let items: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    let mapping = matches!(args, Value::Dict(_));
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut next = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i < chars.len() && chars[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        let mut key = None;
        if i < chars.len() && chars[i] == '(' {
            let end = chars[i..].iter().position(|&c| c == ')').map(|p| p + i).unwrap_or(chars.len());
            key = Some(chars[i + 1..end].iter().collect::<String>());
            i = end + 1;
        }
        let mut spec = String::new();
        while i < chars.len() && "-+ #0123456789.".contains(chars[i]) {
            spec.push(chars[i]);
            i += 1;
        }
        let Some(&conv) = chars.get(i) else { return Err(vm.exc("ValueError", "incomplete format")) };
        i += 1;
        let v = match &key {
            Some(k) => vm.get_item(args, &Value::str(k))?,
            None => {
                let v = items.get(next).cloned();
                next += 1;
                match v {
                    Some(v) => v,
                    None => return Err(vm.type_error("not enough arguments for format string")),
                }
            }
        };
        let left = spec.starts_with('-');
        let spec = spec.trim_start_matches('-');
        let py_spec = format!("{}{}", if left { "<" } else { "" }, spec);
        let text = match conv {
            's' => {
                let t = vm.str_of(&v)?;
                vm.format(&Value::str(&t), &py_spec)?
            }
            'r' => {
                let t = vm.repr(&v)?;
                vm.format(&Value::str(&t), &py_spec)?
            }
            'd' | 'i' => {
                let n = match &v {
                    Value::Float(f) => Value::from_big(BigInt::from(f.trunc() as i64)),
                    other => other.clone(),
                };
                vm.format(&n, &format!("{py_spec}d"))?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' => vm.format(&v, &format!("{py_spec}{conv}"))?,
            other => return Err(vm.exc("ValueError", format!("unsupported format character '{other}' (0x{:x})", other as u32))),
        };
        out.push_str(&text);
    }
    if !mapping && next < items.len() && !matches!(args, Value::Tuple(t) if t.is_empty()) {
        return Err(vm.type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}
