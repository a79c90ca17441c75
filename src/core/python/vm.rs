//! The virtual machine: one dispatch loop over heap frames.
//!
//! An *execution* is a stack of frames run by [`Vm::execute`]: a call from bytecode to a Python
//! function pushes a frame on it instead of recursing in Rust, so the whole execution can be set
//! aside at any instruction. A generator or coroutine owns the execution it resumes; `await` and
//! `yield from` resume the inner one from the outer's `YieldFrom` instruction, as CPython's SEND
//! does, and whatever the innermost one yields (an asyncio future, or the VM's own pre-emption
//! marker) travels out to whoever drives the outermost.
//!
//! The VM knows no engine: it only knows that an execution can stop because it was asked to
//! ([`Unwind::Suspend`] from a native function, such as `asyncio.run`), or because its time slice
//! ran out. The layer above decides what those mean.

use std::sync::Arc;

use super::bytecode::{CodeKind, Instr};
use super::dict::Dict;
use super::frame::{Block, Frame};
use super::runtime::Runtime;
use super::value::*;

/// How control leaves a native function or an operation: an exception, or a request to suspend
/// the execution (handed to the driver, which resumes it with the request's answer).
pub enum Unwind {
    Raise(Value),
    Suspend(Value),
}

pub type Flow<T> = Result<T, Unwind>;

/// How an execution is resumed.
pub enum Resume {
    /// Run from where it is (a fresh frame, or after a pre-emption).
    Continue,
    /// The value an awaited or yielded-to thing gives back.
    Value(Value),
    /// An exception thrown in at the point of suspension (`gen.throw`, a cancelled task).
    Throw(Value),
}

/// How an execution stopped.
pub enum Exit {
    Return(Value),
    /// The bottom frame yielded: a generator's `yield`, or a coroutine passing out what it awaits.
    Yield(Value, Vec<Frame>),
    Raise(Value),
    /// A native function asked to suspend (only in an execution that may be suspended).
    Suspend(Value, Vec<Frame>),
    /// The time slice ran out: resume with [`Resume::Continue`].
    Preempt(Vec<Frame>),
}

/// What resuming a generator gave.
pub enum GenStep {
    Yielded(Value),
    Returned(Value),
}

/// Instructions between two checks of the time slice.
const SLICE: u32 = 4096;
/// Python's default recursion limit.
const MAX_DEPTH: usize = 1000;

/// One thread of Python: the frames it runs and its share of the interpreter.
pub struct Vm {
    pub rt: Arc<Runtime>,
    /// Nested executions started from Rust (a key function, a `__repr__`, `next()` on a
    /// generator): while any is running, the outer execution cannot be set aside.
    nested: u32,
    depth: usize,
    countdown: u32,
    /// Whether this VM's driver wants executions to stop when their slice runs out.
    pub preemptive: bool,
}

impl Vm {
    pub fn new(rt: Arc<Runtime>) -> Vm {
        Vm { rt, nested: 0, depth: 0, countdown: SLICE, preemptive: false }
    }

    // ---- errors -----------------------------------------------------------------------------

    /// A new exception of a built-in class with one message argument.
    pub fn exc(&self, class: &str, msg: impl Into<String>) -> Unwind {
        let msg = msg.into();
        let args = if msg.is_empty() && class == "StopIteration" { vec![] } else { vec![Value::str(&msg)] };
        Unwind::Raise(self.new_exception(&self.rt.types.exception(class), args))
    }

    pub fn new_exception(&self, class: &Arc<Class>, args: Vec<Value>) -> Value {
        let inst = Instance { class: class.clone(), dict: Shared::new(Default::default()), traceback: Shared::new(Vec::new()) };
        inst.dict.lock().insert(Arc::from("args"), Value::tuple(args));
        Value::Instance(Arc::new(inst))
    }

    pub fn type_error(&self, msg: impl Into<String>) -> Unwind {
        self.exc("TypeError", msg)
    }

    pub fn is_instance_of(&self, v: &Value, class: &str) -> bool {
        self.class_of(v).is_subclass(&self.rt.types.exception(class))
    }

    // ---- the type of a value ----------------------------------------------------------------

    pub fn class_of(&self, v: &Value) -> Arc<Class> {
        let t = &self.rt.types;
        match v {
            Value::None => t.none.clone(),
            Value::NotImplemented => t.not_implemented.clone(),
            Value::Ellipsis => t.ellipsis.clone(),
            Value::Bool(_) => t.bool_.clone(),
            Value::Int(_) | Value::Big(_) => t.int.clone(),
            Value::Float(_) => t.float.clone(),
            Value::Str(_) => t.str_.clone(),
            Value::Bytes(_) => t.bytes.clone(),
            Value::List(_) => t.list.clone(),
            Value::Tuple(_) => t.tuple.clone(),
            Value::Dict(_) => t.dict.clone(),
            Value::Set(_) => t.set.clone(),
            Value::FrozenSet(_) => t.frozenset.clone(),
            Value::Range(_) => t.range.clone(),
            Value::Slice(_) => t.slice.clone(),
            Value::Function(_) => t.function.clone(),
            Value::Native(_) => t.builtin_function.clone(),
            Value::Bound(_) => t.method.clone(),
            Value::Class(_) => t.type_.clone(),
            Value::Instance(i) => i.class.clone(),
            Value::Module(_) => t.module.clone(),
            Value::Generator(g) => match g.kind {
                GenKind::Generator => t.generator.clone(),
                GenKind::Coroutine => t.coroutine.clone(),
                GenKind::AsyncGenerator => t.async_generator.clone(),
            },
            Value::Iterator(_) => t.iterator.clone(),
            Value::Property(_) => t.property.clone(),
            Value::ClassMethod(_) => t.classmethod.clone(),
            Value::StaticMethod(_) => t.staticmethod.clone(),
            Value::Super(_) => t.super_.clone(),
            Value::Code(_) => t.code.clone(),
            Value::Host(h) => h.class(),
        }
    }

    pub fn type_name(&self, v: &Value) -> String {
        match v {
            Value::Iterator(it) => match &*it.lock() {
                IterState::Seq { seq: Value::List(_), .. } => "list_iterator".into(),
                IterState::Seq { seq: Value::Tuple(_), .. } => "tuple_iterator".into(),
                IterState::Seq { seq: Value::Str(_), .. } => "str_ascii_iterator".into(),
                IterState::Range { .. } => "range_iterator".into(),
                IterState::Enumerate { .. } => "enumerate".into(),
                IterState::Zip { .. } => "zip".into(),
                IterState::Map { .. } => "map".into(),
                IterState::Filter { .. } => "filter".into(),
                _ => "iterator".into(),
            },
            _ => self.class_of(v).name.clone(),
        }
    }

    // ---- attributes -------------------------------------------------------------------------

    /// `obj.name`.
    pub fn get_attr(&mut self, obj: &Value, name: &str) -> Flow<Value> {
        match self.lookup_attr(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.attribute_error(obj, name)),
        }
    }

    pub fn attribute_error(&self, obj: &Value, name: &str) -> Unwind {
        let msg = match obj {
            Value::Class(c) => format!("type object '{}' has no attribute '{}'", c.name, name),
            Value::Module(m) => format!("module '{}' has no attribute '{}'", m.name, name),
            _ => format!("'{}' object has no attribute '{}'", self.type_name(obj), name),
        };
        self.exc("AttributeError", msg)
    }

    /// `getattr(obj, name, None)` with the difference that a missing attribute is `None` here
    /// and an exception from a property still propagates.
    pub fn lookup_attr(&mut self, obj: &Value, name: &str) -> Flow<Option<Value>> {
        match obj {
            Value::Instance(inst) => {
                let class_attr = inst.class.lookup(name);
                // A data descriptor (property) on the class wins over the instance dict.
                if let Some(Value::Property(p)) = &class_attr {
                    if p.getter.is_none() {
                        return Err(self.exc("AttributeError", format!("property '{name}' of '{}' object has no getter", inst.class.name)));
                    }
                    return self.call(&p.getter.clone(), Args::new(vec![obj.clone()])).map(Some);
                }
                if let Some(v) = inst.dict.lock().get(name) {
                    return Ok(Some(v.clone()));
                }
                match name {
                    "__class__" => return Ok(Some(Value::Class(inst.class.clone()))),
                    "__dict__" => {
                        let mut d = Dict::new();
                        for (k, v) in inst.dict.lock().iter() {
                            if !(inst.class.is_exception() && &**k == "args") {
                                d.set_str(k, v.clone());
                            }
                        }
                        return Ok(Some(Value::Dict(Arc::new(Shared::new(d)))));
                    }
                    _ => {}
                }
                if inst.class.is_exception() {
                    if let Some(v) = self.exception_attr(inst, name) {
                        return Ok(Some(v));
                    }
                }
                match class_attr {
                    Some(v) => Ok(Some(self.bind(v, obj.clone(), &inst.class))),
                    None => {
                        if let Some(getattr) = inst.class.lookup("__getattr__") {
                            let r = self.call(&getattr, Args::new(vec![obj.clone(), Value::str(name)]))?;
                            return Ok(Some(r));
                        }
                        Ok(None)
                    }
                }
            }
            Value::Class(cls) => {
                if let Some(v) = self.class_special_attr(cls, name) {
                    return Ok(Some(v));
                }
                match cls.lookup(name) {
                    Some(Value::ClassMethod(f)) => Ok(Some(Value::Bound(Arc::new(Bound { receiver: obj.clone(), func: (*f).clone() })))),
                    Some(Value::StaticMethod(f)) => Ok(Some((*f).clone())),
                    Some(v) => Ok(Some(v)),
                    None => Ok(None),
                }
            }
            Value::Module(m) => Ok(m.dict.lock().get_str(name)),
            Value::Super(s) => {
                let (class, receiver) = (&s.0, &s.1);
                let start = class.base.clone();
                let mut cur = start;
                while let Some(c) = cur {
                    if let Some(v) = c.dict.lock().get(name).cloned() {
                        let owner = match receiver {
                            Value::Class(rc) => rc.clone(),
                            other => self.class_of(other),
                        };
                        return Ok(Some(match (&v, receiver) {
                            (Value::ClassMethod(f), _) => Value::Bound(Arc::new(Bound { receiver: Value::Class(owner), func: (**f).clone() })),
                            (_, Value::Class(_)) => v,
                            _ => self.bind(v, receiver.clone(), &owner),
                        }));
                    }
                    cur = c.base.clone();
                }
                Ok(None)
            }
            Value::Function(f) => {
                if let Some(v) = f.attrs.lock().get(name) {
                    return Ok(Some(v.clone()));
                }
                Ok(match name {
                    "__name__" => Some(Value::Str(f.code.name.clone())),
                    "__qualname__" => Some(Value::Str(f.code.qualname.clone())),
                    "__code__" => Some(Value::Code(f.code.clone())),
                    "__doc__" => Some(Value::None),
                    "__module__" => f.globals.lock().get_str("__name__"),
                    "__defaults__" => Some(if f.defaults.is_empty() { Value::None } else { Value::tuple(f.defaults.clone()) }),
                    _ => None,
                })
            }
            Value::Native(n) if name == "__name__" => Ok(Some(Value::str(n.name))),
            Value::Native(n) if name == "__qualname__" => {
                Ok(Some(Value::str(&if n.owner.is_empty() { n.name.to_string() } else { format!("{}.{}", n.owner, n.name) })))
            }
            Value::Bound(b) if name == "__self__" => Ok(Some(b.receiver.clone())),
            Value::Bound(b) if name == "__func__" => Ok(Some(b.func.clone())),
            Value::Bound(b) if name.starts_with("__") && name != "__call__" => {
                let f = b.func.clone();
                self.lookup_attr(&f, name)
            }
            Value::Generator(g) => match name {
                "__name__" => Ok(Some(Value::Str(g.name.clone()))),
                "__qualname__" => Ok(Some(Value::Str(g.qualname.clone()))),
                _ => self.class_attr(obj, name),
            },
            Value::Code(c) => Ok(match name {
                "co_name" => Some(Value::Str(c.name.clone())),
                "co_qualname" => Some(Value::Str(c.qualname.clone())),
                "co_filename" => Some(Value::Str(c.filename.clone())),
                "co_firstlineno" => Some(Value::Int(c.first_line as i64)),
                "co_argcount" => Some(Value::Int(c.argcount as i64)),
                "co_varnames" => Some(Value::tuple(c.varnames.iter().map(|v| Value::Str(v.clone())).collect())),
                _ => None,
            }),
            Value::Property(p) => Ok(match name {
                "fget" => Some(p.getter.clone()),
                "fset" => Some(p.setter.clone()),
                "setter" | "getter" | "deleter" => {
                    return self.class_attr(obj, name);
                }
                _ => None,
            }),
            Value::Slice(s) => Ok(match name {
                "start" => Some(s[0].clone()),
                "stop" => Some(s[1].clone()),
                "step" => Some(s[2].clone()),
                _ => None,
            }),
            Value::Range(r) => Ok(match name {
                "start" => Some(Value::Int(r.start)),
                "stop" => Some(Value::Int(r.stop)),
                "step" => Some(Value::Int(r.step)),
                _ => return self.class_attr(obj, name),
            }),
            Value::Int(_) | Value::Big(_) | Value::Bool(_) if matches!(name, "real" | "numerator") => Ok(Some(obj.clone())),
            Value::Int(_) | Value::Big(_) | Value::Bool(_) if name == "denominator" => Ok(Some(Value::Int(1))),
            Value::Int(_) | Value::Big(_) | Value::Bool(_) if name == "imag" => Ok(Some(Value::Int(0))),
            Value::Float(f) if name == "real" => Ok(Some(Value::Float(*f))),
            Value::Float(_) if name == "imag" => Ok(Some(Value::Float(0.0))),
            _ => self.class_attr(obj, name),
        }
    }

    fn class_attr(&mut self, obj: &Value, name: &str) -> Flow<Option<Value>> {
        if name == "__class__" {
            return Ok(Some(Value::Class(self.class_of(obj))));
        }
        let class = self.class_of(obj);
        Ok(class.lookup(name).map(|v| self.bind(v, obj.clone(), &class)))
    }

    fn class_special_attr(&self, cls: &Arc<Class>, name: &str) -> Option<Value> {
        match name {
            "__name__" => Some(Value::str(&cls.name)),
            "__qualname__" => Some(Value::str(&cls.qualname)),
            "__module__" => Some(cls.dict.lock().get("__module__").cloned().unwrap_or_else(|| Value::str(&cls.module))),
            "__bases__" => Some(Value::tuple(cls.base.iter().map(|b| Value::Class(b.clone())).collect())),
            "__base__" => Some(cls.base.clone().map(Value::Class).unwrap_or(Value::None)),
            "__mro__" => Some(Value::tuple(cls.mro().into_iter().map(Value::Class).collect())),
            "__class__" => Some(Value::Class(self.rt.types.type_.clone())),
            "__dict__" => {
                let mut d = Dict::new();
                for (k, v) in cls.dict.lock().iter() {
                    d.set_str(k, v.clone());
                }
                Some(Value::Dict(Arc::new(Shared::new(d))))
            }
            _ => None,
        }
    }

    fn exception_attr(&self, inst: &Instance, name: &str) -> Option<Value> {
        let args = match inst.dict.lock().get("args") {
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => Vec::new(),
        };
        let is = |n: &str| inst.class.is_subclass(&self.rt.types.exception(n));
        match name {
            "value" if is("StopIteration") => return Some(args.first().cloned().unwrap_or(Value::None)),
            "code" if is("SystemExit") => return Some(args.first().cloned().unwrap_or(Value::None)),
            "message" if is("BaseExceptionGroup") => return args.first().cloned(),
            "exceptions" if is("BaseExceptionGroup") => {
                return args.get(1).map(|v| match v {
                    Value::List(l) => Value::tuple(l.lock().clone()),
                    other => other.clone(),
                })
            }
            _ => {}
        }
        match name {
            "__traceback__" | "__cause__" | "__context__" => Some(Value::None),
            "__suppress_context__" => Some(Value::Bool(false)),
            "__notes__" => None,
            _ => None,
        }
        .filter(|_| !inst.dict.lock().contains_key(name))
    }

    /// A function found on a class becomes a method bound to the instance.
    fn bind(&self, v: Value, receiver: Value, class: &Arc<Class>) -> Value {
        match v {
            Value::Function(_) | Value::Native(_) => Value::Bound(Arc::new(Bound { receiver, func: v })),
            Value::ClassMethod(f) => Value::Bound(Arc::new(Bound { receiver: Value::Class(class.clone()), func: (*f).clone() })),
            Value::StaticMethod(f) => (*f).clone(),
            other => other,
        }
    }

    pub fn set_attr(&mut self, obj: &Value, name: &str, value: Value) -> Flow<()> {
        match obj {
            Value::Instance(inst) => {
                if let Some(Value::Property(p)) = inst.class.lookup(name) {
                    if p.setter.is_none() {
                        return Err(self.exc("AttributeError", format!("property '{name}' of '{}' object has no setter", inst.class.name)));
                    }
                    self.call(&p.setter.clone(), Args::new(vec![obj.clone(), value]))?;
                    return Ok(());
                }
                if let Some(setattr) = inst.class.lookup("__setattr__") {
                    if !matches!(setattr, Value::Native(_)) {
                        self.call(&setattr, Args::new(vec![obj.clone(), Value::str(name), value]))?;
                        return Ok(());
                    }
                }
                inst.dict.lock().insert(Arc::from(name), value);
                Ok(())
            }
            Value::Class(cls) => {
                cls.dict.lock().insert(Arc::from(name), value);
                Ok(())
            }
            Value::Function(f) => {
                f.attrs.lock().insert(Arc::from(name), value);
                Ok(())
            }
            Value::Module(m) => {
                m.dict.lock().set_str(name, value);
                Ok(())
            }
            _ => Err(self.exc(
                "AttributeError",
                if self.class_of(obj).lookup(name).is_some() {
                    format!("'{}' object attribute '{}' is read-only", self.type_name(obj), name)
                } else {
                    format!("'{}' object has no attribute '{}'", self.type_name(obj), name)
                },
            )),
        }
    }

    pub fn del_attr(&mut self, obj: &Value, name: &str) -> Flow<()> {
        let removed = match obj {
            Value::Instance(inst) => inst.dict.lock().shift_remove(name).is_some(),
            Value::Class(cls) => cls.dict.lock().shift_remove(name).is_some(),
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(self.attribute_error(obj, name))
        }
    }

    // ---- calls ------------------------------------------------------------------------------

    /// Calls anything callable from Rust, running Python code to the end in a nested execution.
    pub fn call(&mut self, f: &Value, args: Args) -> Flow<Value> {
        match self.prepare_call(f, args)? {
            Prepared::Done(v) => Ok(v),
            Prepared::Frame(frame) => self.run_nested(vec![frame]),
        }
    }

    pub fn call0(&mut self, f: &Value) -> Flow<Value> {
        self.call(f, Args::new(Vec::new()))
    }

    /// Runs an execution to its end from Rust; it cannot be set aside while Rust waits for it.
    pub fn run_nested(&mut self, frames: Vec<Frame>) -> Flow<Value> {
        self.nested += 1;
        let exit = self.execute(frames, Resume::Continue);
        self.nested -= 1;
        match exit {
            Exit::Return(v) => Ok(v),
            Exit::Raise(e) => Err(Unwind::Raise(e)),
            Exit::Yield(..) | Exit::Suspend(..) | Exit::Preempt(_) => Err(self.exc("RuntimeError", "a plain function cannot suspend")),
        }
    }

    /// Turns a call into either its result (built-ins, classes) or a frame to run.
    pub fn prepare_call(&mut self, f: &Value, mut args: Args) -> Flow<Prepared> {
        match f {
            Value::Function(func) => {
                let frame = self.bind_args(func, args)?;
                if func.code.is_generator_like() {
                    return Ok(Prepared::Done(self.make_generator(func, frame)));
                }
                Ok(Prepared::Frame(frame))
            }
            Value::Native(n) => {
                let func = n.func;
                if let Some(data) = &n.data {
                    args.pos.insert(0, data.clone());
                }
                func(self, args).map(Prepared::Done)
            }
            Value::Bound(b) => {
                args.pos.insert(0, b.receiver.clone());
                let func = b.func.clone();
                self.prepare_call(&func, args)
            }
            Value::Class(cls) => self.instantiate(cls, args).map(Prepared::Done),
            Value::Instance(inst) => match inst.class.lookup("__call__") {
                Some(call) => {
                    args.pos.insert(0, f.clone());
                    self.prepare_call(&call, args)
                }
                None => Err(self.type_error(format!("'{}' object is not callable", inst.class.name))),
            },
            Value::Host(h) => match h.class().lookup("__call__") {
                Some(call) => {
                    args.pos.insert(0, f.clone());
                    self.prepare_call(&call, args)
                }
                None => Err(self.type_error(format!("'{}' object is not callable", h.class().name))),
            },
            other => Err(self.type_error(format!("'{}' object is not callable", self.type_name(other)))),
        }
    }

    fn make_generator(&self, func: &Arc<Function>, frame: Frame) -> Value {
        let kind = match func.code.kind {
            CodeKind::Coroutine => GenKind::Coroutine,
            CodeKind::AsyncGenerator => GenKind::AsyncGenerator,
            _ => GenKind::Generator,
        };
        Value::Generator(Arc::new(Generator {
            kind,
            name: func.code.name.clone(),
            qualname: func.code.qualname.clone(),
            state: Shared::new(GenStatus::Suspended(vec![frame])),
            started: Shared::new(false),
            preempted: Shared::new(false),
        }))
    }

    /// Creates an instance: `__new__` is not supported; `__init__` is called on a fresh instance.
    fn instantiate(&mut self, cls: &Arc<Class>, args: Args) -> Flow<Value> {
        match cls.builtin {
            Builtin::User | Builtin::Exception => {}
            _ => {
                // A built-in type is called through its constructor in the class namespace.
                let ctor = cls.dict.lock().get("__new__").cloned();
                return match ctor {
                    Some(c) => self.call(&c, args),
                    None => Err(self.type_error(format!("cannot create '{}' instances", cls.name))),
                };
            }
        }
        // A user class deriving from a built-in type other than object or an exception.
        let base_builtin = cls.mro().iter().map(|c| c.builtin).find(|b| !matches!(b, Builtin::User));
        if let Some(b) = base_builtin {
            if !matches!(b, Builtin::Object | Builtin::Exception) {
                return Err(self.type_error(format!("subclassing the built-in type of '{}' is not supported here", cls.name)));
            }
        }
        // BaseExceptionGroup(msg, excs) is an ExceptionGroup when every member is an Exception.
        let mut cls = cls.clone();
        if cls.name == "BaseExceptionGroup" && cls.module == "builtins" {
            if let Some(members) = args.pos.get(1) {
                let members = self.collect(members)?;
                let exception = self.rt.types.exception("Exception");
                if !members.is_empty() && members.iter().all(|m| self.class_of(m).is_subclass(&exception)) {
                    cls = self.rt.types.exception("ExceptionGroup");
                }
            }
        }
        let cls = &cls;
        let inst = Value::Instance(Arc::new(Instance { class: cls.clone(), dict: Shared::new(Default::default()), traceback: Shared::new(Vec::new()) }));
        if cls.is_exception() {
            if let Value::Instance(i) = &inst {
                i.dict.lock().insert(Arc::from("args"), Value::tuple(args.pos.clone()));
            }
        }
        match cls.lookup("__init__").filter(|i| !matches!(i, Value::Native(n) if n.owner == "object")) {
            Some(init) => {
                let mut a = args;
                a.pos.insert(0, inst.clone());
                let r = self.call(&init, a)?;
                if !r.is_none() {
                    return Err(self.type_error(format!("__init__() should return None, not '{}'", self.type_name(&r))));
                }
            }
            None => {
                if !cls.is_exception() && (!args.pos.is_empty() || !args.kw.is_empty()) {
                    return Err(self.type_error(format!("{}() takes no arguments", cls.name)));
                }
            }
        }
        Ok(inst)
    }

    /// Binds arguments to parameters, with CPython's messages for every mismatch.
    pub fn bind_args(&mut self, func: &Arc<Function>, args: Args) -> Flow<Frame> {
        let code = func.code.clone();
        let mut frame = Frame::new(code.clone(), func.globals.clone(), None);
        let argc = code.argcount as usize;
        let kwonly = code.kwonly as usize;
        let name = &code.qualname;
        let mut pos = args.pos;
        let nargs = pos.len();
        let mut extra = Vec::new();
        if nargs > argc {
            if code.varargs {
                extra = pos.split_off(argc);
            } else {
                let given = nargs;
                let defaults = func.defaults.len();
                let takes = if defaults > 0 { format!("from {} to {}", argc - defaults, argc) } else { format!("{argc}") };
                let plural = if argc == 1 && defaults == 0 { "" } else { "s" };
                let was = if given == 1 { "was" } else { "were" };
                return Err(self.type_error(format!("{name}() takes {takes} positional argument{plural} but {given} {was} given")));
            }
        }
        for (i, v) in pos.into_iter().enumerate() {
            frame.fast[i] = Some(v);
        }
        let mut varkw = Dict::new();
        for (k, v) in args.kw {
            let idx = code.varnames[..argc + kwonly].iter().position(|n| **n == *k);
            match idx {
                Some(i) if i < code.posonly as usize => {
                    if code.varkw {
                        varkw.set_str(&k, v);
                    } else {
                        return Err(self.type_error(format!(
                            "{name}() got some positional-only arguments passed as keyword arguments: '{k}'"
                        )));
                    }
                }
                Some(i) => {
                    if frame.fast[i].is_some() {
                        return Err(self.type_error(format!("{name}() got multiple values for argument '{k}'")));
                    }
                    frame.fast[i] = Some(v);
                }
                None => {
                    if code.varkw {
                        varkw.set_str(&k, v);
                    } else {
                        return Err(self.type_error(format!("{name}() got an unexpected keyword argument '{k}'")));
                    }
                }
            }
        }
        // Defaults fill the last positional parameters.
        let ndef = func.defaults.len();
        let mut missing = Vec::new();
        for i in 0..argc {
            if frame.fast[i].is_none() {
                if i >= argc - ndef {
                    frame.fast[i] = Some(func.defaults[i - (argc - ndef)].clone());
                } else {
                    missing.push(code.varnames[i].to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.type_error(format!(
                "{name}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                join_names(&missing)
            )));
        }
        let mut missing_kw = Vec::new();
        for i in argc..argc + kwonly {
            if frame.fast[i].is_none() {
                let pname = &code.varnames[i];
                match func.kwdefaults.iter().find(|(k, _)| k == pname) {
                    Some((_, v)) => frame.fast[i] = Some(v.clone()),
                    None => missing_kw.push(pname.to_string()),
                }
            }
        }
        if !missing_kw.is_empty() {
            return Err(self.type_error(format!(
                "{name}() missing {} required keyword-only argument{}: {}",
                missing_kw.len(),
                if missing_kw.len() == 1 { "" } else { "s" },
                join_names(&missing_kw)
            )));
        }
        let mut slot = argc + kwonly;
        if code.varargs {
            frame.fast[slot] = Some(Value::tuple(extra));
            slot += 1;
        }
        if code.varkw {
            frame.fast[slot] = Some(Value::Dict(Arc::new(Shared::new(varkw))));
        }
        // Parameters captured by inner functions start in their cells.
        for (ci, p) in code.cell_params.iter().enumerate() {
            if let Some(p) = p {
                *frame.cells[ci].lock() = frame.fast[*p as usize].clone();
            }
        }
        frame.cells.extend(func.closure.iter().cloned());
        Ok(frame)
    }

    // ---- the dispatch loop ------------------------------------------------------------------

    /// Runs an execution until its bottom frame returns or yields, an exception leaves it, or it
    /// is set aside (suspended or pre-empted).
    pub fn execute(&mut self, mut frames: Vec<Frame>, resume: Resume) -> Exit {
        let base_depth = self.depth;
        self.depth += frames.len();
        if self.depth > MAX_DEPTH + 50 {
            self.depth = base_depth;
            return match self.exc("RecursionError", "maximum recursion depth exceeded") {
                Unwind::Raise(e) => Exit::Raise(e),
                Unwind::Suspend(_) => Exit::Raise(Value::None),
            };
        }
        let mut pending: Option<Value> = None;
        match resume {
            Resume::Continue => {}
            Resume::Value(v) => {
                if let Some(f) = frames.last_mut() {
                    f.stack.push(v);
                }
            }
            Resume::Throw(e) => {
                // The exception happens where the execution stands: that line is in its traceback.
                if let Some(f) = frames.last() {
                    add_traceback(&e, f);
                }
                pending = Some(e)
            }
        }
        let exit = self.run_loop(&mut frames, pending);
        self.depth = base_depth;
        exit
    }

    fn run_loop(&mut self, frames: &mut Vec<Frame>, mut pending: Option<Value>) -> Exit {
        loop {
            if let Some(exc) = pending.take() {
                match self.unwind(frames, exc) {
                    Ok(()) => {}
                    Err(exc) => return Exit::Raise(exc),
                }
            }
            let step = self.run_frame(frames);
            match step {
                Step::Raise(exc, add_tb) => {
                    if add_tb {
                        if let Some(f) = frames.last() {
                            add_traceback(&exc, f);
                        }
                    }
                    pending = Some(exc);
                }
                Step::Call(frame) => {
                    if self.depth >= MAX_DEPTH {
                        pending = Some(match self.exc("RecursionError", "maximum recursion depth exceeded") {
                            Unwind::Raise(e) => {
                                if let Some(f) = frames.last() {
                                    add_traceback(&e, f);
                                }
                                e
                            }
                            Unwind::Suspend(v) => v,
                        });
                        continue;
                    }
                    self.depth += 1;
                    frames.push(frame);
                }
                Step::Return(v) => {
                    frames.pop();
                    self.depth -= 1;
                    match frames.last_mut() {
                        Some(f) => f.stack.push(v),
                        None => return Exit::Return(v),
                    }
                }
                Step::Yield(v) => {
                    // Only the bottom frame is a generator's own; a yield elsewhere cannot happen
                    // since calling a generator function makes an object, not a frame.
                    return Exit::Yield(v, std::mem::take(frames));
                }
                Step::Suspend(v) => return Exit::Suspend(v, std::mem::take(frames)),
                Step::Preempt => return Exit::Preempt(std::mem::take(frames)),
            }
        }
    }

    /// Finds the handler of an exception in the execution, innermost frame first. `Err` means
    /// the exception leaves the execution.
    fn unwind(&mut self, frames: &mut Vec<Frame>, exc: Value) -> Result<(), Value> {
        loop {
            let Some(frame) = frames.last_mut() else { return Err(exc) };
            while let Some(block) = frame.blocks.pop() {
                match block {
                    Block::Handler => {
                        frame.handling.pop();
                    }
                    Block::Except { handler, depth } => {
                        frame.stack.truncate(depth);
                        // The context of an exception is the one being handled when it was raised.
                        frame.handling.push(exc.clone());
                        frame.blocks.push(Block::Handler);
                        frame.stack.push(exc);
                        frame.ip = handler as usize;
                        return Ok(());
                    }
                }
            }
            frames.pop();
            self.depth -= 1;
            if let Some(caller) = frames.last() {
                add_traceback(&exc, caller);
            }
        }
    }

    /// The exception being handled by the innermost handler of the execution, if any.
    fn current_handled(frames: &[Frame]) -> Option<Value> {
        frames.iter().rev().find_map(|f| f.handling.last().cloned())
    }

    fn run_frame(&mut self, frames: &mut Vec<Frame>) -> Step {
        let handled = Self::current_handled(frames);
        let n = frames.len();
        let frame = &mut frames[n - 1];
        match self.run_instructions(frame, handled) {
            Ok(step) => step,
            Err(Unwind::Raise(e)) => Step::Raise(e, true),
            Err(Unwind::Suspend(v)) => {
                if self.nested > 0 {
                    let e = self.exc("RuntimeError", "cannot block or suspend inside a callback called from Rust");
                    match e {
                        Unwind::Raise(e) => Step::Raise(e, true),
                        Unwind::Suspend(_) => Step::Suspend(v),
                    }
                } else {
                    Step::Suspend(v)
                }
            }
        }
    }

    /// Runs instructions of one frame until something needs the execution (a call, a return,
    /// an exception, a yield).
    fn run_instructions(&mut self, f: &mut Frame, handled: Option<Value>) -> Flow<Step> {
        let code = f.code.clone();
        // A slice can only end at a check point: where a frame starts or resumes, and at a
        // backward jump, as CPython 3.11 checks its eval breaker. Every endless execution passes
        // one (a loop jumps back, a recursion starts frames), and straight-line code between two
        // of them runs without a switch: `counter += 1` is never split under the GIL.
        let mut at_check_point = true;
        loop {
            if at_check_point {
                at_check_point = false;
                if self.countdown == 0 {
                    self.countdown = SLICE;
                    // Every slice ends in a pre-emption at the top level: the driver decides
                    // whether that gives the host a turn, hands the GIL over, stops the run, or
                    // just goes on.
                    if self.nested == 0 && self.preemptive {
                        return Ok(Step::Preempt);
                    }
                }
            }
            self.countdown = self.countdown.saturating_sub(1);
            let ins = code.instrs[f.ip];
            f.ip += 1;
            match ins {
                Instr::Nop => {}
                Instr::Pop => {
                    f.stack.pop();
                }
                Instr::Dup => {
                    let v = top(f).clone();
                    f.stack.push(v);
                }
                Instr::Dup2 => {
                    let n = f.stack.len();
                    let a = f.stack[n - 2].clone();
                    let b = f.stack[n - 1].clone();
                    f.stack.push(a);
                    f.stack.push(b);
                }
                Instr::Rot2 => {
                    let n = f.stack.len();
                    f.stack.swap(n - 1, n - 2);
                }
                Instr::Rot3 => {
                    let v = pop(f);
                    let n = f.stack.len();
                    f.stack.insert(n - 2, v);
                }
                Instr::LoadConst(i) => f.stack.push(code.consts[i as usize].clone()),
                Instr::LoadFast(i) => match &f.fast[i as usize] {
                    Some(v) => {
                        let v = v.clone();
                        f.stack.push(v)
                    }
                    None => {
                        let name = &code.varnames[i as usize];
                        return Err(self.exc("UnboundLocalError", format!("cannot access local variable '{name}' where it is not associated with a value")));
                    }
                },
                Instr::StoreFast(i) => {
                    let v = pop(f);
                    f.fast[i as usize] = Some(v);
                }
                Instr::DeleteFast(i) => {
                    if f.fast[i as usize].take().is_none() {
                        let name = &code.varnames[i as usize];
                        return Err(self.exc("UnboundLocalError", format!("cannot access local variable '{name}' where it is not associated with a value")));
                    }
                }
                Instr::LoadDeref(i) => {
                    let v = f.cells[i as usize].lock().clone();
                    match v {
                        Some(v) => f.stack.push(v),
                        None => {
                            let name = code.cellvars.iter().chain(code.freevars.iter()).nth(i as usize).cloned().unwrap_or_default();
                            if (i as usize) < code.cellvars.len() {
                                return Err(self.exc("UnboundLocalError", format!("cannot access local variable '{name}' where it is not associated with a value")));
                            }
                            return Err(self.exc("NameError", format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope")));
                        }
                    }
                }
                Instr::StoreDeref(i) => {
                    let v = pop(f);
                    *f.cells[i as usize].lock() = Some(v);
                }
                Instr::DeleteDeref(i) => {
                    *f.cells[i as usize].lock() = None;
                }
                Instr::LoadClosure(i) => {
                    let cell = f.cells[i as usize].clone();
                    f.stack.push(Value::Host(Arc::new(CellHandle(cell, self.rt.types.object.clone()))));
                }
                Instr::LoadGlobal(i) => {
                    let name = &code.names[i as usize];
                    let v = f.globals.lock().get_str(name);
                    let v = match v {
                        Some(v) => v,
                        None => match self.rt.builtins.lock().get_str(name) {
                            Some(v) => v,
                            None => return Err(self.exc("NameError", format!("name '{name}' is not defined"))),
                        },
                    };
                    f.stack.push(v);
                }
                Instr::StoreGlobal(i) => {
                    let v = pop(f);
                    f.globals.lock().set_str(&code.names[i as usize], v);
                }
                Instr::DeleteGlobal(i) => {
                    let name = &code.names[i as usize];
                    if f.globals.lock().remove(&Value::Str(name.clone())).ok().flatten().is_none() {
                        return Err(self.exc("NameError", format!("name '{name}' is not defined")));
                    }
                }
                Instr::LoadName(i) => {
                    let name = &code.names[i as usize];
                    let local = f.locals.as_ref().and_then(|l| l.lock().get_str(name));
                    let v = match local {
                        Some(v) => v,
                        None => match f.globals.lock().get_str(name) {
                            Some(v) => v,
                            None => match self.rt.builtins.lock().get_str(name) {
                                Some(v) => v,
                                None => return Err(self.exc("NameError", format!("name '{name}' is not defined"))),
                            },
                        },
                    };
                    f.stack.push(v);
                }
                Instr::StoreName(i) => {
                    let v = pop(f);
                    let ns = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                    ns.lock().set_str(&code.names[i as usize], v);
                }
                Instr::DeleteName(i) => {
                    let name = &code.names[i as usize];
                    let ns = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                    if ns.lock().remove(&Value::Str(name.clone())).ok().flatten().is_none() {
                        return Err(self.exc("NameError", format!("name '{name}' is not defined")));
                    }
                }
                Instr::LoadAttr(i) => {
                    let obj = pop(f);
                    let v = self.get_attr(&obj, &code.names[i as usize])?;
                    f.stack.push(v);
                }
                Instr::StoreAttr(i) => {
                    let obj = pop(f);
                    let v = pop(f);
                    self.set_attr(&obj, &code.names[i as usize], v)?;
                }
                Instr::DeleteAttr(i) => {
                    let obj = pop(f);
                    self.del_attr(&obj, &code.names[i as usize])?;
                }
                Instr::Subscr => {
                    let key = pop(f);
                    let obj = pop(f);
                    let v = self.get_item(&obj, &key)?;
                    f.stack.push(v);
                }
                Instr::StoreSubscr => {
                    let key = pop(f);
                    let obj = pop(f);
                    let v = pop(f);
                    self.set_item(&obj, key, v)?;
                }
                Instr::DeleteSubscr => {
                    let key = pop(f);
                    let obj = pop(f);
                    self.del_item(&obj, &key)?;
                }
                Instr::Unary(op) => {
                    let v = pop(f);
                    let r = self.unary(op, &v)?;
                    f.stack.push(r);
                }
                Instr::Binary(op) => {
                    let b = pop(f);
                    let a = pop(f);
                    let r = self.binary(op, &a, &b, false)?;
                    f.stack.push(r);
                }
                Instr::InPlace(op) => {
                    let b = pop(f);
                    let a = pop(f);
                    let r = self.binary(op, &a, &b, true)?;
                    f.stack.push(r);
                }
                Instr::Compare(op) => {
                    let b = pop(f);
                    let a = pop(f);
                    let r = self.compare(op, &a, &b)?;
                    f.stack.push(r);
                }
                Instr::Is(neg) => {
                    let b = pop(f);
                    let a = pop(f);
                    f.stack.push(Value::Bool(a.is(&b) != neg));
                }
                Instr::Contains(neg) => {
                    let container = pop(f);
                    let item = pop(f);
                    let r = self.contains(&container, &item)?;
                    f.stack.push(Value::Bool(r != neg));
                }
                Instr::Jump(t) => {
                    at_check_point = (t as usize) < f.ip;
                    f.ip = t as usize
                }
                Instr::PopJumpIfFalse(t) => {
                    let v = pop(f);
                    if !self.truthy(&v)? {
                        at_check_point = (t as usize) < f.ip;
                        f.ip = t as usize;
                    }
                }
                Instr::PopJumpIfTrue(t) => {
                    let v = pop(f);
                    if self.truthy(&v)? {
                        at_check_point = (t as usize) < f.ip;
                        f.ip = t as usize;
                    }
                }
                Instr::JumpIfFalseOrPop(t) => {
                    if !self.truthy(top(f))? {
                        f.ip = t as usize;
                    } else {
                        f.stack.pop();
                    }
                }
                Instr::JumpIfTrueOrPop(t) => {
                    if self.truthy(top(f))? {
                        f.ip = t as usize;
                    } else {
                        f.stack.pop();
                    }
                }
                Instr::GetIter => {
                    let v = pop(f);
                    let it = self.iter(&v)?;
                    f.stack.push(it);
                }
                Instr::ForIter(t) => {
                    let it = top(f).clone();
                    match self.next(&it)? {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.stack.pop();
                            f.ip = t as usize;
                        }
                    }
                }
                Instr::BuildTuple(n) => {
                    let items = f.stack.split_off(f.stack.len() - n as usize);
                    f.stack.push(Value::tuple(items));
                }
                Instr::BuildList(n) => {
                    let items = f.stack.split_off(f.stack.len() - n as usize);
                    f.stack.push(Value::list(items));
                }
                Instr::BuildSet(n) => {
                    let items = f.stack.split_off(f.stack.len() - n as usize);
                    let mut d = Dict::new();
                    for it in items {
                        d.insert(it, Value::None).map_err(|e| self.unhashable(e))?;
                    }
                    f.stack.push(Value::Set(Arc::new(Shared::new(d))));
                }
                Instr::BuildMap(n) => {
                    let items = f.stack.split_off(f.stack.len() - 2 * n as usize);
                    let mut d = Dict::new();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        d.insert(k, v).map_err(|e| self.unhashable(e))?;
                    }
                    f.stack.push(Value::Dict(Arc::new(Shared::new(d))));
                }
                Instr::BuildSlice(n) => {
                    let step = if n == 3 { pop(f) } else { Value::None };
                    let stop = pop(f);
                    let start = pop(f);
                    f.stack.push(Value::Slice(Arc::new([start, stop, step])));
                }
                Instr::ListAppend(d) => {
                    let v = pop(f);
                    let n = f.stack.len();
                    if let Value::List(l) = &f.stack[n - d as usize] {
                        l.lock().push(v);
                    }
                }
                Instr::SetAdd(d) => {
                    let v = pop(f);
                    let n = f.stack.len();
                    if let Value::Set(s) = &f.stack[n - d as usize] {
                        let r = s.lock().insert(v, Value::None);
                        r.map_err(|e| self.unhashable(e))?;
                    }
                }
                Instr::MapAdd(d) => {
                    let v = pop(f);
                    let k = pop(f);
                    let n = f.stack.len();
                    if let Value::Dict(m) = &f.stack[n - d as usize] {
                        let r = m.lock().insert(k, v);
                        r.map_err(|e| self.unhashable(e))?;
                    }
                }
                Instr::ListExtend => {
                    let it = pop(f);
                    let items = self.collect(&it).map_err(|e| self.star_error(e, &it))?;
                    if let Value::List(l) = top(f) {
                        l.lock().extend(items);
                    }
                }
                Instr::SetUpdate => {
                    let it = pop(f);
                    let items = self.collect(&it)?;
                    if let Value::Set(s) = top(f).clone() {
                        for i in items {
                            s.lock().insert(i, Value::None).map_err(|e| self.unhashable(e))?;
                        }
                    }
                }
                Instr::DictMerge => {
                    let m = pop(f);
                    let pairs = self.mapping_items(&m)?;
                    if let Value::Dict(d) = top(f).clone() {
                        for (k, v) in pairs {
                            d.lock().insert(k, v).map_err(|e| self.unhashable(e))?;
                        }
                    }
                }
                Instr::ListToTuple => {
                    let l = pop(f);
                    if let Value::List(l) = l {
                        let items = l.lock().clone();
                        f.stack.push(Value::tuple(items));
                    }
                }
                Instr::BuildString(n) => {
                    let parts = f.stack.split_off(f.stack.len() - n as usize);
                    let mut s = String::new();
                    for p in parts {
                        if let Value::Str(p) = p {
                            s.push_str(&p);
                        }
                    }
                    f.stack.push(Value::str(&s));
                }
                Instr::FormatValue(conv, has_spec) => {
                    let spec = if has_spec { pop(f) } else { Value::str("") };
                    let v = pop(f);
                    let v = match conv {
                        super::bytecode::Conversion::None => v,
                        super::bytecode::Conversion::Str => Value::str(&self.str_of(&v)?),
                        super::bytecode::Conversion::Repr => Value::str(&self.repr(&v)?),
                        super::bytecode::Conversion::Ascii => Value::str(&super::format::ascii(&self.repr(&v)?)),
                    };
                    let spec = match &spec {
                        Value::Str(s) => s.clone(),
                        _ => Arc::from(""),
                    };
                    let s = self.format(&v, &spec)?;
                    f.stack.push(Value::str(&s));
                }
                Instr::UnpackSequence(n) => {
                    let v = pop(f);
                    let items = self.unpack(&v, n as usize)?;
                    f.stack.extend(items.into_iter().rev());
                }
                Instr::UnpackEx(before, after) => {
                    let v = pop(f);
                    let items = self.collect(&v)?;
                    let (b, a) = (before as usize, after as usize);
                    if items.len() < b + a {
                        return Err(self.exc("ValueError", format!("not enough values to unpack (expected at least {}, got {})", b + a, items.len())));
                    }
                    let mut out = Vec::with_capacity(b + a + 1);
                    out.extend(items[..b].iter().cloned());
                    out.push(Value::list(items[b..items.len() - a].to_vec()));
                    out.extend(items[items.len() - a..].iter().cloned());
                    f.stack.extend(out.into_iter().rev());
                }
                Instr::Call(n) => {
                    let args = f.stack.split_off(f.stack.len() - n as usize);
                    let func = pop(f);
                    match self.prepare_call(&func, Args::new(args))? {
                        Prepared::Done(v) => f.stack.push(v),
                        Prepared::Frame(fr) => return Ok(Step::Call(fr)),
                    }
                }
                Instr::CallKw(n) => {
                    let names = pop(f);
                    let mut args = f.stack.split_off(f.stack.len() - n as usize);
                    let func = pop(f);
                    let Value::Tuple(names) = names else { unreachable_names() };
                    let kwvals = args.split_off(args.len() - names.len());
                    let kw = names
                        .iter()
                        .zip(kwvals)
                        .map(|(k, v)| (if let Value::Str(s) = k { s.clone() } else { Arc::from("") }, v))
                        .collect();
                    match self.prepare_call(&func, Args { pos: args, kw })? {
                        Prepared::Done(v) => f.stack.push(v),
                        Prepared::Frame(fr) => return Ok(Step::Call(fr)),
                    }
                }
                Instr::CallEx(has_kw) => {
                    let kw = if has_kw { Some(pop(f)) } else { None };
                    let args = pop(f);
                    let func = pop(f);
                    let pos = match args {
                        Value::Tuple(t) => t.to_vec(),
                        other => self.collect(&other)?,
                    };
                    let mut kwargs = Vec::new();
                    if let Some(Value::Dict(d)) = kw {
                        for (k, v) in d.lock().iter() {
                            match k {
                                Value::Str(s) => kwargs.push((s.clone(), v.clone())),
                                _ => return Err(self.type_error("keywords must be strings")),
                            }
                        }
                    }
                    match self.prepare_call(&func, Args { pos, kw: kwargs })? {
                        Prepared::Done(v) => f.stack.push(v),
                        Prepared::Frame(fr) => return Ok(Step::Call(fr)),
                    }
                }
                Instr::MakeFunction(flags) => {
                    let code_v = pop(f);
                    let closure = if flags & 8 != 0 {
                        match pop(f) {
                            Value::Tuple(t) => t.iter().filter_map(cell_of).collect(),
                            _ => Vec::new(),
                        }
                    } else {
                        Vec::new()
                    };
                    let kwdefaults = if flags & 2 != 0 {
                        match pop(f) {
                            Value::Dict(d) => d.lock().iter().filter_map(|(k, v)| if let Value::Str(s) = k { Some((s.clone(), v.clone())) } else { None }).collect(),
                            _ => Vec::new(),
                        }
                    } else {
                        Vec::new()
                    };
                    let defaults = if flags & 1 != 0 {
                        match pop(f) {
                            Value::Tuple(t) => t.to_vec(),
                            _ => Vec::new(),
                        }
                    } else {
                        Vec::new()
                    };
                    let Value::Code(c) = code_v else { unreachable_names() };
                    f.stack.push(Value::Function(Arc::new(Function {
                        code: c,
                        globals: f.globals.clone(),
                        defaults,
                        kwdefaults,
                        closure,
                        attrs: Shared::new(Default::default()),
                    })));
                }
                Instr::BuildClass(nbases, name) => {
                    let bases = f.stack.split_off(f.stack.len() - nbases as usize);
                    let body = pop(f);
                    let name = match &code.consts[name as usize] {
                        Value::Str(s) => s.clone(),
                        _ => Arc::from("?"),
                    };
                    let class = self.build_class(&body, &name, bases)?;
                    f.stack.push(class);
                }
                Instr::Return => {
                    let v = pop(f);
                    return Ok(Step::Return(v));
                }
                Instr::Yield => {
                    let v = pop(f);
                    // An async generator's own yields are told apart from the futures its awaits
                    // pass out, as CPython wraps them.
                    if code.kind == CodeKind::AsyncGenerator {
                        return Ok(Step::Yield(Value::Host(Arc::new(AsyncGenValue(v, self.rt.types.object.clone())))));
                    }
                    return Ok(Step::Yield(v));
                }
                Instr::YieldFrom => {
                    let send = pop(f);
                    let inner = top(f).clone();
                    let step = match self.delegate(&inner, Resume::Value(send)) {
                        Ok(step) => step,
                        Err(Unwind::Suspend(v)) => {
                            // The inner one was set aside: resuming this frame resumes it.
                            f.ip -= 1;
                            return Err(Unwind::Suspend(v));
                        }
                        Err(e) => return Err(e),
                    };
                    match step {
                        GenStep::Yielded(v) => {
                            // Come back to this instruction: the next value is sent to the inner one.
                            f.ip -= 1;
                            return Ok(Step::Yield(v));
                        }
                        GenStep::Returned(v) => {
                            f.stack.pop();
                            f.stack.push(v);
                        }
                    }
                }
                Instr::GetAwaitable => {
                    let v = pop(f);
                    let a = self.awaitable(v)?;
                    f.stack.push(a);
                }
                Instr::GetYieldFromIter => {
                    let v = pop(f);
                    let it = match &v {
                        Value::Generator(g) if g.kind == GenKind::Generator => v.clone(),
                        _ => self.iter(&v)?,
                    };
                    f.stack.push(it);
                }
                Instr::GetAIter => {
                    let v = pop(f);
                    let class = self.class_of(&v);
                    let it = match class.lookup("__aiter__") {
                        Some(m) => self.call(&m, Args::new(vec![v.clone()]))?,
                        None => {
                            if let Value::Generator(g) = &v {
                                if g.kind == GenKind::AsyncGenerator {
                                    f.stack.push(v.clone());
                                    continue;
                                }
                            }
                            return Err(self.type_error(format!("'async for' requires an object with __aiter__ method, got {}", self.type_name(&v))));
                        }
                    };
                    f.stack.push(it);
                }
                Instr::GetANext => {
                    let it = top(f).clone();
                    let awaitable = self.anext(&it)?;
                    f.stack.push(awaitable);
                }
                Instr::EndAsyncFor(t) => {
                    let exc = pop(f);
                    if self.is_instance_of(&exc, "StopAsyncIteration") {
                        // Leave the handler and drop the async iterator.
                        if let Some(Block::Handler) = f.blocks.last() {
                            f.blocks.pop();
                        }
                        f.handling.pop();
                        f.stack.pop();
                        f.ip = t as usize;
                    } else {
                        return Ok(Step::Raise(exc, false));
                    }
                }
                Instr::SetupExcept(t) => f.blocks.push(Block::Except { handler: t, depth: f.stack.len() }),
                Instr::PopBlock => {
                    f.blocks.pop();
                }
                Instr::PopExcept => {
                    if let Some(Block::Handler) = f.blocks.last() {
                        f.blocks.pop();
                    }
                    f.handling.pop();
                }
                Instr::Reraise => {
                    let exc = pop(f);
                    if let Some(Block::Handler) = f.blocks.last() {
                        f.blocks.pop();
                    }
                    f.handling.pop();
                    return Ok(Step::Raise(exc, false));
                }
                Instr::Raise(n) => {
                    let exc = match n {
                        0 => match f.handling.last().cloned().or_else(|| handled.clone()) {
                            Some(e) => return Ok(Step::Raise(e, false)),
                            None => return Err(self.exc("RuntimeError", "No active exception to reraise")),
                        },
                        1 => {
                            let e = pop(f);
                            self.make_raisable(e)?
                        }
                        _ => {
                            let cause = pop(f);
                            let e = pop(f);
                            let e = self.make_raisable(e)?;
                            let cause = match cause {
                                Value::None => Value::None,
                                c => self.make_raisable(c).map_err(|_| self.type_error("exception causes must derive from BaseException"))?,
                            };
                            if let Value::Instance(i) = &e {
                                let mut d = i.dict.lock();
                                d.insert(Arc::from("__cause__"), cause);
                                d.insert(Arc::from("__suppress_context__"), Value::Bool(true));
                            }
                            e
                        }
                    };
                    let context = f.handling.last().cloned().or_else(|| handled.clone());
                    self.set_context(&exc, context);
                    return Ok(Step::Raise(exc, true));
                }
                Instr::CheckExcMatch => {
                    let ty = pop(f);
                    let exc = top(f).clone();
                    let m = self.exception_matches(&exc, &ty)?;
                    f.stack.push(Value::Bool(m));
                }
                Instr::CheckEgMatch => {
                    let ty = pop(f);
                    let rest = pop(f);
                    let (rest, matched) = super::builtins::split_group(self, &rest, &ty)?;
                    f.stack.push(rest);
                    f.stack.push(matched);
                }
                Instr::WithEnter | Instr::AsyncWithEnter => {
                    let async_ = matches!(ins, Instr::AsyncWithEnter);
                    let mgr = pop(f);
                    let (enter_name, exit_name) = if async_ { ("__aenter__", "__aexit__") } else { ("__enter__", "__exit__") };
                    let class = self.class_of(&mgr);
                    let (Some(enter), Some(exit)) = (class.lookup(enter_name), class.lookup(exit_name)) else {
                        let what = if async_ { "asynchronous context manager protocol" } else { "context manager protocol" };
                        return Err(self.type_error(format!("'{}' object does not support the {what}", self.type_name(&mgr))));
                    };
                    let exit = self.bind(exit, mgr.clone(), &class);
                    f.stack.push(exit);
                    let enter = self.bind(enter, mgr.clone(), &class);
                    match self.prepare_call(&enter, Args::new(vec![]))? {
                        Prepared::Done(v) => f.stack.push(v),
                        Prepared::Frame(fr) => return Ok(Step::Call(fr)),
                    }
                }
                Instr::WithExitCall => {
                    let exc = top(f).clone();
                    let n = f.stack.len();
                    let exit = f.stack[n - 2].clone();
                    let ty = Value::Class(self.class_of(&exc));
                    match self.prepare_call(&exit, Args::new(vec![ty, exc, Value::None]))? {
                        Prepared::Done(v) => f.stack.push(v),
                        Prepared::Frame(fr) => return Ok(Step::Call(fr)),
                    }
                }
                Instr::WithExitResult(t) => {
                    let result = pop(f);
                    let exc = pop(f);
                    if self.truthy(&result)? {
                        f.stack.pop();
                        if let Some(Block::Handler) = f.blocks.last() {
                            f.blocks.pop();
                        }
                        f.handling.pop();
                        f.ip = t as usize;
                    } else {
                        if let Some(Block::Handler) = f.blocks.last() {
                            f.blocks.pop();
                        }
                        f.handling.pop();
                        return Ok(Step::Raise(exc, false));
                    }
                }
                Instr::Import(i) => {
                    let name = match &code.consts[i as usize] {
                        Value::Str(s) => s.clone(),
                        _ => Arc::from(""),
                    };
                    let m = self.import(&name)?;
                    f.stack.push(m);
                }
                Instr::ImportFrom(i) => {
                    let m = top(f).clone();
                    let name = &code.names[i as usize];
                    let v = match self.lookup_attr(&m, name)? {
                        Some(v) => v,
                        None => {
                            let mname = match &m {
                                Value::Module(m) => m.name.clone(),
                                _ => "?".into(),
                            };
                            return Err(self.exc("ImportError", format!("cannot import name '{name}' from '{mname}' (unknown location)")));
                        }
                    };
                    f.stack.push(v);
                }
                Instr::LoadAssertionError => f.stack.push(Value::Class(self.rt.types.exception("AssertionError"))),
                Instr::SetupAnnotations => {}
            }
        }
    }

    fn build_class(&mut self, body: &Value, name: &str, bases: Vec<Value>) -> Flow<Value> {
        let base = match bases.len() {
            0 => self.rt.types.object.clone(),
            1 => match &bases[0] {
                Value::Class(c) => c.clone(),
                other => return Err(self.type_error(format!("bases must be types, not {}", self.type_name(other)))),
            },
            _ => return Err(self.type_error("multiple inheritance is not supported by this playground's Python")),
        };
        let Value::Function(func) = body else { return Err(self.type_error("class body is not a function")) };
        let ns = Arc::new(Shared::new(Dict::new()));
        let mut frame = Frame::new(func.code.clone(), func.globals.clone(), Some(ns.clone()));
        frame.cells.extend(func.closure.iter().cloned());
        let cell = self.run_nested(vec![frame])?;
        let mut dict = AttrMap::default();
        for (k, v) in ns.lock().iter() {
            if let Value::Str(k) = k {
                dict.insert(k.clone(), v.clone());
            }
        }
        let qualname = match dict.get("__qualname__") {
            Some(Value::Str(q)) => q.to_string(),
            _ => name.to_string(),
        };
        let module = match dict.get("__module__") {
            Some(Value::Str(m)) => m.to_string(),
            _ => "__main__".into(),
        };
        let builtin = if base.is_exception() { Builtin::Exception } else { Builtin::User };
        let class = Arc::new(Class { name: name.to_string(), qualname, module, base: Some(base), builtin, dict: Shared::new(dict) });
        if let Some(c) = cell_of(&cell) {
            *c.lock() = Some(Value::Class(class.clone()));
        }
        Ok(Value::Class(class))
    }

    /// `raise X`: a class is instantiated; anything not an exception is a TypeError.
    fn make_raisable(&mut self, e: Value) -> Flow<Value> {
        match &e {
            Value::Class(c) if c.is_exception() => self.call(&e, Args::new(vec![])),
            Value::Instance(i) if i.class.is_exception() => Ok(e),
            _ => Err(self.type_error("exceptions must derive from BaseException")),
        }
    }

    fn set_context(&self, exc: &Value, context: Option<Value>) {
        let (Value::Instance(i), Some(ctx)) = (exc, context) else { return };
        if ctx.is(exc) {
            return;
        }
        let mut d = i.dict.lock();
        if !d.contains_key("__context__") {
            d.insert(Arc::from("__context__"), ctx);
        }
    }

    fn exception_matches(&mut self, exc: &Value, ty: &Value) -> Flow<bool> {
        let class = self.class_of(exc);
        match ty {
            Value::Class(c) => {
                if !c.is_exception() && c.builtin != Builtin::Object {
                    return Err(self.type_error("catching classes that do not inherit from BaseException is not allowed"));
                }
                Ok(class.is_subclass(c))
            }
            Value::Tuple(items) => {
                for t in items.iter() {
                    if self.exception_matches(exc, t)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.type_error("catching classes that do not inherit from BaseException is not allowed")),
        }
    }

    pub fn unhashable(&self, e: super::dict::Unhashable) -> Unwind {
        self.type_error(format!("unhashable type: '{}'", e.0))
    }

    fn star_error(&self, e: Unwind, v: &Value) -> Unwind {
        match e {
            Unwind::Raise(x) if self.is_instance_of(&x, "TypeError") && !self.class_of(v).lookup("__iter__").is_some() => {
                self.type_error(format!("Value after * must be an iterable, not {}", self.type_name(v)))
            }
            other => other,
        }
    }

    fn unpack(&mut self, v: &Value, n: usize) -> Flow<Vec<Value>> {
        let items = match v {
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.lock().clone(),
            other => {
                if self.class_of(other).lookup("__iter__").is_none() && !matches!(other, Value::Str(_) | Value::Dict(_) | Value::Set(_) | Value::Range(_) | Value::Generator(_) | Value::Iterator(_) | Value::Bytes(_) | Value::FrozenSet(_)) {
                    return Err(self.type_error(format!("cannot unpack non-iterable {} object", self.type_name(other))));
                }
                let it = self.iter(other)?;
                let mut out = Vec::new();
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                    if out.len() > n {
                        return Err(self.exc("ValueError", format!("too many values to unpack (expected {n})")));
                    }
                }
                out
            }
        };
        if items.len() > n {
            return Err(self.exc("ValueError", format!("too many values to unpack (expected {n})")));
        }
        if items.len() < n {
            return Err(self.exc("ValueError", format!("not enough values to unpack (expected {n}, got {})", items.len())));
        }
        Ok(items)
    }

    // ---- generators and coroutines ----------------------------------------------------------

    /// Resumes a generator from Rust (`next()`, `send()`, a for loop): while Rust waits for it, its
    /// execution cannot be set aside, so it is not pre-empted and cannot block on the host.
    pub fn resume_generator(&mut self, g: &Arc<Generator>, resume: Resume) -> Flow<GenStep> {
        self.nested += 1;
        let r = self.resume_delegated(g, resume);
        self.nested -= 1;
        r
    }

    /// Resumes a generator on behalf of an execution that can itself be set aside (`await`,
    /// `yield from`, a task's driver): a pre-emption or a blocking call inside travels out.
    pub fn resume_delegated(&mut self, g: &Arc<Generator>, resume: Resume) -> Flow<GenStep> {
        let frames = {
            let mut st = g.state.lock();
            match std::mem::replace(&mut *st, GenStatus::Running) {
                GenStatus::Suspended(frames) => frames,
                GenStatus::Running => {
                    *st = GenStatus::Running;
                    let what = if g.kind == GenKind::Generator { "generator already executing" } else { "coroutine is being awaited already" };
                    drop(st);
                    return Err(self.exc("ValueError", what));
                }
                GenStatus::Finished => {
                    *st = GenStatus::Finished;
                    drop(st);
                    return match resume {
                        Resume::Throw(e) => Err(Unwind::Raise(e)),
                        _ => match g.kind {
                            GenKind::Generator => Err(self.exc("StopIteration", "")),
                            GenKind::Coroutine => Err(self.exc("RuntimeError", "cannot reuse already awaited coroutine")),
                            GenKind::AsyncGenerator => Err(self.exc("StopAsyncIteration", "")),
                        },
                    };
                }
            }
        };
        let first = !std::mem::replace(&mut *g.started.lock(), true);
        // A generator that was pre-empted resumes where it stopped, whatever the driver sends.
        let resume = match resume {
            Resume::Value(_) if std::mem::replace(&mut *g.preempted.lock(), false) => Resume::Continue,
            other => other,
        };
        let resume = match resume {
            Resume::Value(v) if first => {
                if !v.is_none() {
                    *g.state.lock() = GenStatus::Suspended(frames);
                    *g.started.lock() = false;
                    let what = if g.kind == GenKind::Generator { "generator" } else { "coroutine" };
                    return Err(self.type_error(format!("can't send non-None value to a just-started {what}")));
                }
                Resume::Continue
            }
            Resume::Throw(e) if first => {
                *g.state.lock() = GenStatus::Finished;
                return Err(Unwind::Raise(e));
            }
            other => other,
        };
        let exit = self.execute(frames, resume);
        match exit {
            Exit::Yield(v, frames) => {
                *g.state.lock() = GenStatus::Suspended(frames);
                Ok(GenStep::Yielded(v))
            }
            Exit::Return(v) => {
                *g.state.lock() = GenStatus::Finished;
                Ok(GenStep::Returned(v))
            }
            Exit::Raise(e) => {
                *g.state.lock() = GenStatus::Finished;
                // A StopIteration escaping a generator becomes a RuntimeError (PEP 479).
                if self.is_instance_of(&e, "StopIteration") {
                    let what = match g.kind {
                        GenKind::Generator => "generator raised StopIteration",
                        GenKind::Coroutine => "coroutine raised StopIteration",
                        GenKind::AsyncGenerator => "async generator raised StopIteration",
                    };
                    let err = self.exc("RuntimeError", what);
                    if let Unwind::Raise(r) = &err {
                        self.set_context(r, Some(e));
                    }
                    return Err(err);
                }
                Err(Unwind::Raise(e))
            }
            Exit::Suspend(v, frames) => {
                // The execution was asked to suspend: it stays as it is, and the request travels
                // out as what this generator yields, wrapped so it is not mistaken for a value.
                *g.state.lock() = GenStatus::Suspended(frames);
                Err(Unwind::Suspend(v))
            }
            Exit::Preempt(frames) => {
                *g.state.lock() = GenStatus::Suspended(frames);
                *g.preempted.lock() = true;
                Err(Unwind::Suspend(Value::Host(Arc::new(Preempted(self.rt.types.object.clone())))))
            }
        }
    }

    /// One step of `yield from` / `await`: resume the inner iterator with what was sent.
    fn delegate(&mut self, inner: &Value, resume: Resume) -> Flow<GenStep> {
        match inner {
            Value::Generator(g) => self.resume_delegated(g, resume),
            other => {
                // Any other iterator: `send(None)` is `next()`, a real value needs `send`.
                match resume {
                    Resume::Value(Value::None) | Resume::Continue => match other {
                        Value::Iterator(_) => match self.next(other)? {
                            Some(v) => Ok(GenStep::Yielded(v)),
                            None => Ok(GenStep::Returned(Value::None)),
                        },
                        // Call `__next__` itself: the StopIteration it ends with carries the
                        // value that `await` / `yield from` evaluates to.
                        _ => {
                            let next = self.lookup_attr(other, "__next__")?.ok_or_else(|| self.type_error(format!("'{}' object is not an iterator", self.type_name(other))))?;
                            match self.call(&next, Args::new(vec![])) {
                                Ok(y) => Ok(GenStep::Yielded(y)),
                                Err(Unwind::Raise(e)) if self.is_instance_of(&e, "StopIteration") => Ok(GenStep::Returned(stop_value(&e))),
                                Err(e) => Err(e),
                            }
                        }
                    },
                    Resume::Value(v) => {
                        let send = self.get_attr(other, "send")?;
                        match self.call(&send, Args::new(vec![v])) {
                            Ok(y) => Ok(GenStep::Yielded(y)),
                            Err(Unwind::Raise(e)) if self.is_instance_of(&e, "StopIteration") => Ok(GenStep::Returned(stop_value(&e))),
                            Err(e) => Err(e),
                        }
                    }
                    Resume::Throw(e) => match self.lookup_attr(other, "throw")? {
                        Some(throw) => match self.call(&throw, Args::new(vec![e])) {
                            Ok(y) => Ok(GenStep::Yielded(y)),
                            Err(Unwind::Raise(e)) if self.is_instance_of(&e, "StopIteration") => Ok(GenStep::Returned(stop_value(&e))),
                            Err(e) => Err(e),
                        },
                        None => Err(Unwind::Raise(e)),
                    },
                }
            }
        }
    }

    /// The awaitable of one step of an async generator; `first` is what its first resumption
    /// sends or throws in (`asend(v)`, `athrow(e)`).
    pub fn async_gen_step(&self, agen: Arc<Generator>, first: Option<Resume>) -> Value {
        Value::Host(Arc::new(AsyncGenStep { agen, first: Shared::new(first), class: self.rt.types.async_gen_step.clone(), closing: false }))
    }

    /// Resumes an async generator for one of its step awaitables: its own yield completes the
    /// step (StopIteration with the value), a future its awaits pass out goes on out.
    pub fn async_gen_resume(&mut self, step: &AsyncGenStep, resume: Resume) -> Flow<Value> {
        let resume = step.first.lock().take().unwrap_or(resume);
        match self.resume_generator(&step.agen, resume) {
            Ok(GenStep::Yielded(Value::Host(h))) if h.as_any().downcast_ref::<AsyncGenValue>().is_some() => {
                let v = h.as_any().downcast_ref::<AsyncGenValue>().map(|x| x.0.clone()).unwrap_or(Value::None);
                if step.closing {
                    return Err(self.exc("RuntimeError", "async generator ignored GeneratorExit"));
                }
                Err(super::builtins::stop_iteration(self, v))
            }
            Ok(GenStep::Yielded(other)) => Ok(other),
            Ok(GenStep::Returned(_)) => {
                if step.closing {
                    return Err(super::builtins::stop_iteration(self, Value::None));
                }
                Err(self.exc("StopAsyncIteration", ""))
            }
            Err(Unwind::Raise(e)) if step.closing && (self.is_instance_of(&e, "GeneratorExit") || self.is_instance_of(&e, "StopAsyncIteration")) => {
                Err(super::builtins::stop_iteration(self, Value::None))
            }
            Err(e) => Err(e),
        }
    }

    /// The object `await x` delegates to.
    pub fn awaitable(&mut self, v: Value) -> Flow<Value> {
        match &v {
            Value::Generator(g) if g.kind == GenKind::Coroutine => {
                if matches!(&*g.state.lock(), GenStatus::Finished) || (*g.started.lock() && matches!(&*g.state.lock(), GenStatus::Running)) {
                    return Err(self.exc("RuntimeError", "cannot reuse already awaited coroutine"));
                }
                Ok(v)
            }
            _ => {
                let class = self.class_of(&v);
                match class.lookup("__await__") {
                    Some(m) => {
                        let it = self.call(&m, Args::new(vec![v.clone()]))?;
                        Ok(it)
                    }
                    None => Err(self.type_error(format!("object {} can't be used in 'await' expression", self.type_name(&v)))),
                }
            }
        }
    }

    fn anext(&mut self, it: &Value) -> Flow<Value> {
        if let Value::Generator(g) = it {
            if g.kind == GenKind::AsyncGenerator {
                return Ok(self.async_gen_step(g.clone(), None));
            }
        }
        let class = self.class_of(it);
        match class.lookup("__anext__") {
            Some(m) => {
                let a = self.call(&m, Args::new(vec![it.clone()]))?;
                self.awaitable(a)
            }
            None => Err(self.type_error(format!("'async for' received an object from __aiter__ that does not implement __anext__: {}", self.type_name(it)))),
        }
    }

    // ---- iteration --------------------------------------------------------------------------

    pub fn iter(&mut self, v: &Value) -> Flow<Value> {
        let state = match v {
            Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) => IterState::Seq { seq: v.clone(), index: 0 },
            Value::Range(r) => IterState::Range { next: r.start, stop: r.stop, step: r.step },
            Value::Dict(d) => IterState::Items { items: d.lock().keys(), index: 0 },
            Value::Set(d) => IterState::Items { items: super::sets::ordered(&d.lock()), index: 0 },
            Value::FrozenSet(d) => IterState::Items { items: super::sets::ordered(d), index: 0 },
            Value::Generator(g) if g.kind == GenKind::Generator => return Ok(v.clone()),
            Value::Iterator(_) => return Ok(v.clone()),
            _ => {
                let class = self.class_of(v);
                if let Some(m) = class.lookup("__iter__") {
                    let it = self.call(&m, Args::new(vec![v.clone()]))?;
                    if self.class_of(&it).lookup("__next__").is_none() && !matches!(it, Value::Iterator(_) | Value::Generator(_)) {
                        return Err(self.type_error(format!("iter() returned non-iterator of type '{}'", self.type_name(&it))));
                    }
                    return Ok(it);
                }
                if class.lookup("__getitem__").is_some() {
                    return Ok(Value::Iterator(Arc::new(Shared::new(IterState::Seq { seq: v.clone(), index: 0 }))));
                }
                return Err(self.type_error(format!("'{}' object is not iterable", self.type_name(v))));
            }
        };
        Ok(Value::Iterator(Arc::new(Shared::new(state))))
    }

    /// The next item of an iterator, or `None` at its end (StopIteration is not raised for that).
    pub fn next(&mut self, it: &Value) -> Flow<Option<Value>> {
        match it {
            Value::Iterator(state) => super::iterators::next(self, state),
            Value::Generator(g) => match self.resume_generator(g, Resume::Value(Value::None)) {
                Ok(GenStep::Yielded(v)) => Ok(Some(v)),
                Ok(GenStep::Returned(_)) => Ok(None),
                Err(Unwind::Raise(e)) if g.kind == GenKind::Generator && self.is_instance_of(&e, "StopIteration") && matches!(&*g.state.lock(), GenStatus::Finished) => {
                    Ok(None)
                }
                Err(e) => Err(e),
            },
            other => {
                let class = self.class_of(other);
                match class.lookup("__next__") {
                    Some(m) => match self.call(&m, Args::new(vec![other.clone()])) {
                        Ok(v) => Ok(Some(v)),
                        Err(Unwind::Raise(e)) if self.is_instance_of(&e, "StopIteration") => Ok(None),
                        Err(e) => Err(e),
                    },
                    None => Err(self.type_error(format!("'{}' object is not an iterator", self.type_name(other)))),
                }
            }
        }
    }

    /// Every item of an iterable, in order.
    pub fn collect(&mut self, v: &Value) -> Flow<Vec<Value>> {
        match v {
            Value::List(l) => return Ok(l.lock().clone()),
            Value::Tuple(t) => return Ok(t.to_vec()),
            _ => {}
        }
        let it = self.iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
            if out.len() > super::runtime::MAX_ITEMS {
                return Err(self.exc("MemoryError", ""));
            }
        }
        Ok(out)
    }

    pub fn mapping_items(&mut self, m: &Value) -> Flow<Vec<(Value, Value)>> {
        match m {
            Value::Dict(d) => Ok(d.lock().items()),
            other => {
                let keys = self.get_attr(other, "keys").map_err(|_| self.type_error(format!("'{}' object is not a mapping", self.type_name(other))))?;
                let keys = self.call0(&keys)?;
                let keys = self.collect(&keys)?;
                let mut out = Vec::new();
                for k in keys {
                    let v = self.get_item(other, &k)?;
                    out.push((k, v));
                }
                Ok(out)
            }
        }
    }

    // ---- modules ----------------------------------------------------------------------------

    pub fn import(&mut self, name: &str) -> Flow<Value> {
        if let Some(m) = self.rt.modules.lock().get(name) {
            return Ok(m.clone());
        }
        let factory = self.rt.module_factories.lock().iter().find(|(n, _)| n == name).map(|(_, f)| *f);
        match factory {
            Some(make) => {
                let m = make(self)?;
                self.rt.modules.lock().insert(name.to_string(), m.clone());
                Ok(m)
            }
            None => Err(self.exc("ModuleNotFoundError", format!("No module named '{name}'"))),
        }
    }
}

/// What preparing a call gave: its result, or a frame for the execution to push.
pub enum Prepared {
    Done(Value),
    Frame(Frame),
}

enum Step {
    /// An exception; the flag says whether this frame's line joins its traceback.
    Raise(Value, bool),
    Call(Frame),
    Return(Value),
    Yield(Value),
    Suspend(Value),
    Preempt,
}

fn top(f: &Frame) -> &Value {
    f.stack.last().expect("the compiler balances the stack")
}

fn pop(f: &mut Frame) -> Value {
    f.stack.pop().expect("the compiler balances the stack")
}

fn unreachable_names() -> ! {
    unreachable!("the compiler only emits well-formed operands")
}

fn join_names(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Records that an exception passed through a frame, at the frame's current line.
pub fn add_traceback(exc: &Value, f: &Frame) {
    if let Value::Instance(i) = exc {
        i.traceback.lock().push(TraceEntry { filename: f.code.filename.clone(), line: f.line(), name: f.code.name.clone() });
    }
}

/// The value a `StopIteration` carries (a generator's return value).
pub fn stop_value(e: &Value) -> Value {
    if let Value::Instance(i) = e {
        if let Some(Value::Tuple(args)) = i.dict.lock().get("args") {
            return args.first().cloned().unwrap_or(Value::None);
        }
    }
    Value::None
}

/// A closure cell carried on the stack between `LoadClosure` and `MakeFunction`.
struct CellHandle(Cell, Arc<Class>);

impl HostObject for CellHandle {
    fn class(&self) -> Arc<Class> {
        self.1.clone()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn repr(&self) -> String {
        "<cell>".into()
    }
}

fn cell_of(v: &Value) -> Option<Cell> {
    match v {
        Value::Host(h) => h.as_any().downcast_ref::<CellHandle>().map(|c| c.0.clone()),
        _ => None,
    }
}

/// A value an async generator yields (as opposed to a future its awaits pass out).
pub struct AsyncGenValue(pub Value, Arc<Class>);

impl HostObject for AsyncGenValue {
    fn class(&self) -> Arc<Class> {
        self.1.clone()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The awaitable of one step of an async generator.
pub struct AsyncGenStep {
    pub agen: Arc<Generator>,
    pub first: Shared<Option<Resume>>,
    pub class: Arc<Class>,
    /// `aclose()`: the generator must not yield again.
    pub closing: bool,
}

impl HostObject for AsyncGenStep {
    fn class(&self) -> Arc<Class> {
        self.class.clone()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn repr(&self) -> String {
        "<async_generator_asend object>".into()
    }
}

/// The marker an execution yields when its time slice is over, so that whoever drives the
/// outermost coroutine gives the host a turn and resumes it.
pub struct Preempted(Arc<Class>);

impl HostObject for Preempted {
    fn class(&self) -> Arc<Class> {
        self.0.clone()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
