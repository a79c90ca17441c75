//! Python values, as the VM holds them.
//!
//! Made for threads from the start: every heap object sits behind an `Arc`, and everything that can
//! change after it is made sits behind its own lock ([`Shared`]). With the GIL on, the locks are never
//! contended (one thread runs bytecode at a time); with the GIL off, each object guards itself, so a
//! data race in the learner's program can lose updates (as `counter += 1` does in CPython) but never
//! corrupt the heap.
//!
//! One rule keeps the locks deadlock-free: no lock is held while Python code runs. Code that needs
//! to call back into the VM (a `__repr__`, a `__eq__`, a key function) copies what it needs out of
//! the object first.

use std::any::Any;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use num_bigint::BigInt;

use super::bytecode::Code;
use super::dict::Dict;
use super::frame::Frame;

/// Interior mutability that is safe to share between threads.
pub struct Shared<T>(Mutex<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Mutex::new(value))
    }

    /// A poisoned lock only means another thread panicked while holding it; the value is still
    /// what that thread left, which is what Python would see too.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<T: Default> Default for Shared<T> {
    fn default() -> Self {
        Shared::new(T::default())
    }
}

/// The namespace of an instance, a class or a function: names in the order they were set.
pub type AttrMap = indexmap::IndexMap<Arc<str>, Value, rustc_hash::FxBuildHasher>;

/// A closure cell: a variable shared between a function and the functions nested in it.
pub type Cell = Arc<Shared<Option<Value>>>;

/// A Python value. Small immutable values are held inline; everything else is a pointer.
#[derive(Clone)]
pub enum Value {
    None,
    NotImplemented,
    Ellipsis,
    Bool(bool),
    /// An int that fits in 64 bits; arithmetic that overflows moves to [`Value::Big`].
    Int(i64),
    /// An int that does not fit in 64 bits (never one that does: results are normalised).
    Big(Arc<BigInt>),
    Float(f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    List(Arc<Shared<Vec<Value>>>),
    Tuple(Arc<[Value]>),
    Dict(Arc<Shared<Dict>>),
    Set(Arc<Shared<Dict>>),
    FrozenSet(Arc<Dict>),
    Range(Arc<Range>),
    Slice(Arc<[Value; 3]>),
    Function(Arc<Function>),
    Native(Arc<Native>),
    Bound(Arc<Bound>),
    Class(Arc<Class>),
    Instance(Arc<Instance>),
    Module(Arc<Module>),
    Generator(Arc<Generator>),
    Iterator(Arc<Shared<IterState>>),
    Property(Arc<Property>),
    ClassMethod(Arc<Value>),
    StaticMethod(Arc<Value>),
    Super(Arc<(Arc<Class>, Value)>),
    Code(Arc<Code>),
    /// An object that belongs to a layer above the language: an asyncio task, a lock, a queue.
    Host(Arc<dyn HostObject>),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", super::format::debug_repr(self))
    }
}

/// `range(start, stop, step)`; `step` is never zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl Range {
    /// The number of items, counted in 128 bits so that extreme bounds cannot overflow; a range
    /// longer than `i64::MAX` reports `i64::MAX` (CPython raises OverflowError for its len()).
    pub fn len(&self) -> i64 {
        let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if step > 0 && start < stop {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        n.min(i64::MAX as i128) as i64
    }

    pub fn get(&self, i: i64) -> i64 {
        self.start + i * self.step
    }
}

/// A function defined in Python: its code, where its globals are, and what it closed over.
pub struct Function {
    pub code: Arc<Code>,
    pub globals: Arc<Shared<Dict>>,
    /// Defaults of the last positional parameters, in order.
    pub defaults: Vec<Value>,
    /// Defaults of keyword-only parameters, by name.
    pub kwdefaults: Vec<(Arc<str>, Value)>,
    pub closure: Vec<Cell>,
    /// `__name__`, `__qualname__`, `__doc__` and anything a decorator sets.
    pub attrs: Shared<AttrMap>,
}

/// What a native function receives: positional arguments (the receiver first, for a method) and
/// keyword arguments in the order given.
pub struct Args {
    pub pos: Vec<Value>,
    pub kw: Vec<(Arc<str>, Value)>,
}

impl Args {
    pub fn new(pos: Vec<Value>) -> Args {
        Args { pos, kw: Vec::new() }
    }
}

/// The signature every built-in function has.
pub type NativeFn = fn(&mut super::vm::Vm, Args) -> super::vm::Flow<Value>;

/// A function written in Rust.
pub struct Native {
    pub name: &'static str,
    /// The type it belongs to, for messages (`str.upper`); empty for a plain builtin.
    pub owner: &'static str,
    pub func: NativeFn,
    /// A value the function is made with (a module's state, a class it creates instances of).
    pub data: Option<Value>,
}

/// A method bound to its receiver: `obj.method`.
pub struct Bound {
    pub receiver: Value,
    pub func: Value,
}

/// Which built-in type a class stands for; user classes are `User`, even when they derive from an
/// exception class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Object,
    Type,
    NoneType,
    NotImplementedType,
    Ellipsis,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Generator,
    Coroutine,
    AsyncGenerator,
    Iterator,
    Property,
    ClassMethod,
    StaticMethod,
    Super,
    Code,
    /// A class of the layer above (asyncio's Task, Queue, ...), whose instances are host objects.
    Host,
    /// An exception class, built in or not (their instances are [`Instance`]s).
    Exception,
    User,
}

/// A class: built-in types and the learner's classes alike, so `type(1)`, `isinstance` and method
/// lookup work the same way for both.
pub struct Class {
    pub name: String,
    pub qualname: String,
    pub module: String,
    /// Single inheritance: the one base (`object` has none).
    pub base: Option<Arc<Class>>,
    pub builtin: Builtin,
    pub dict: Shared<AttrMap>,
}

impl Class {
    /// This class, then its bases up to `object`: the method resolution order of single inheritance.
    pub fn mro(self: &Arc<Class>) -> Vec<Arc<Class>> {
        let mut out = vec![self.clone()];
        let mut cur = self.base.clone();
        while let Some(c) = cur {
            cur = c.base.clone();
            out.push(c);
        }
        out
    }

    pub fn lookup(self: &Arc<Class>, name: &str) -> Option<Value> {
        let mut cur = Some(self.clone());
        while let Some(c) = cur {
            if let Some(v) = c.dict.lock().get(name) {
                return Some(v.clone());
            }
            cur = c.base.clone();
        }
        None
    }

    pub fn is_subclass(self: &Arc<Class>, other: &Arc<Class>) -> bool {
        let mut cur = Some(self.clone());
        while let Some(c) = cur {
            if Arc::ptr_eq(&c, other) {
                return true;
            }
            // ExceptionGroup derives from BaseExceptionGroup and from Exception; with single
            // inheritance the second base is this one rule.
            if c.name == "ExceptionGroup" && c.module == "builtins" && other.name == "Exception" && other.module == "builtins" {
                return true;
            }
            cur = c.base.clone();
        }
        false
    }

    /// True for exception classes; their instances carry a traceback.
    pub fn is_exception(&self) -> bool {
        self.builtin == Builtin::Exception
    }
}

/// One line of a traceback: where a frame was when an exception passed through it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEntry {
    pub filename: Arc<str>,
    pub line: u32,
    pub name: Arc<str>,
}

/// An instance of a class defined in Python (or of an exception class).
pub struct Instance {
    pub class: Arc<Class>,
    pub dict: Shared<AttrMap>,
    /// For exceptions: the frames the exception has passed through, innermost last.
    pub traceback: Shared<Vec<TraceEntry>>,
}

/// A module: a name and a namespace.
pub struct Module {
    pub name: String,
    pub dict: Arc<Shared<Dict>>,
}

/// What kind of resumable frame a [`Generator`] drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenKind {
    Generator,
    Coroutine,
    AsyncGenerator,
}

/// Where a generator, coroutine or async generator is in its life.
pub enum GenStatus {
    /// Suspended (or not started): the frames it resumes with, on the heap. The first frame is its
    /// own; any above it are the functions it was calling when it was pre-empted.
    Suspended(Vec<Frame>),
    Running,
    Finished,
}

/// A generator, coroutine or async generator: frames on the heap that resume where they stopped.
pub struct Generator {
    pub kind: GenKind,
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub state: Shared<GenStatus>,
    /// Set once the frame has run at all (a coroutine that never ran is "never awaited").
    pub started: Shared<bool>,
    /// Set when its execution was pre-empted: the next resumption continues, sending nothing.
    pub preempted: Shared<bool>,
}

/// The state of a built-in iterator.
pub enum IterState {
    /// Over a list, tuple, str or bytes by index (a list may change while it is iterated).
    Seq { seq: Value, index: usize },
    Range { next: i64, stop: i64, step: i64 },
    /// Over a snapshot of a dict's keys, values or items, or a set's members.
    Items { items: Vec<Value>, index: usize },
    Enumerate { inner: Value, count: Value },
    Zip { inners: Vec<Value> },
    Map { func: Value, inners: Vec<Value> },
    Filter { func: Value, inner: Value },
    /// `iter(callable, sentinel)`.
    CallUntil { func: Value, sentinel: Value },
    Done,
}

/// `property(fget, fset)`.
pub struct Property {
    pub getter: Value,
    pub setter: Value,
    pub deleter: Value,
}

/// An object owned by a layer above the language (asyncio, threading): the VM only needs its class
/// (for methods and `type()`) and a way to get back the concrete object.
pub trait HostObject: Send + Sync {
    fn class(&self) -> Arc<Class>;
    fn as_any(&self) -> &dyn Any;
    /// `repr()` of the object, when its class defines no `__repr__`.
    fn repr(&self) -> String {
        format!("<{} object>", self.class().name)
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Arc::from(items))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(Shared::new(items)))
    }

    pub fn from_big(b: BigInt) -> Value {
        use num_traits::ToPrimitive;
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::Big(Arc::new(b)),
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Identity, as `is` sees it: the same object (or the same immutable singleton or small value).
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (None, None) | (NotImplemented, NotImplemented) | (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            // CPython caches small ints, and learners compare them with `is`; equal ints in that
            // range are the same object there.
            (Int(a), Int(b)) => a == b && (-5..=256).contains(a),
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Str(a), Str(b)) => Arc::ptr_eq(a, b) || (a.len() <= 1 && a == b),
            (Big(a), Big(b)) => Arc::ptr_eq(a, b),
            (Bytes(a), Bytes(b)) => Arc::ptr_eq(a, b),
            (List(a), List(b)) => Arc::ptr_eq(a, b),
            (Tuple(a), Tuple(b)) => Arc::ptr_eq(a, b) || (a.is_empty() && b.is_empty()),
            (Dict(a), Dict(b)) | (Set(a), Set(b)) => Arc::ptr_eq(a, b),
            (FrozenSet(a), FrozenSet(b)) => Arc::ptr_eq(a, b),
            (Range(a), Range(b)) => Arc::ptr_eq(a, b),
            (Slice(a), Slice(b)) => Arc::ptr_eq(a, b),
            (Function(a), Function(b)) => Arc::ptr_eq(a, b),
            (Native(a), Native(b)) => Arc::ptr_eq(a, b),
            (Bound(a), Bound(b)) => Arc::ptr_eq(a, b),
            (Class(a), Class(b)) => Arc::ptr_eq(a, b),
            (Instance(a), Instance(b)) => Arc::ptr_eq(a, b),
            (Module(a), Module(b)) => Arc::ptr_eq(a, b),
            (Generator(a), Generator(b)) => Arc::ptr_eq(a, b),
            (Iterator(a), Iterator(b)) => Arc::ptr_eq(a, b),
            (Property(a), Property(b)) => Arc::ptr_eq(a, b),
            (Code(a), Code(b)) => Arc::ptr_eq(a, b),
            (Host(a), Host(b)) => std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b)),
            _ => false,
        }
    }

    /// A number that stands for this object's identity (`id()`), stable while it lives.
    pub fn identity(&self) -> usize {
        use Value::*;
        match self {
            List(a) => Arc::as_ptr(a) as usize,
            Dict(a) | Set(a) => Arc::as_ptr(a) as usize,
            Instance(a) => Arc::as_ptr(a) as usize,
            Class(a) => Arc::as_ptr(a) as usize,
            Function(a) => Arc::as_ptr(a) as usize,
            Generator(a) => Arc::as_ptr(a) as usize,
            Module(a) => Arc::as_ptr(a) as usize,
            Tuple(a) => Arc::as_ptr(a) as *const u8 as usize,
            Str(a) => Arc::as_ptr(a) as *const u8 as usize,
            Host(a) => Arc::as_ptr(a) as *const u8 as usize,
            Native(a) => Arc::as_ptr(a) as usize,
            Bound(a) => Arc::as_ptr(a) as usize,
            Iterator(a) => Arc::as_ptr(a) as usize,
            Int(i) => *i as usize,
            _ => self as *const Value as usize,
        }
    }
}
