//! The built-in classes: `object`, `int`, `str`, ..., and the exception hierarchy.
//!
//! Built-in types are classes like any other (so `type(1) is int`, `isinstance(x, (int, float))`
//! and `str.upper("a")` work), with methods written in Rust in their namespace.

use std::collections::HashMap;
use std::sync::Arc;

use super::value::{Builtin, Class, Shared};

/// The exception classes CPython has that programs of our subset meet, each with its base.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("BaseExceptionGroup", "BaseException"),
    ("Exception", "BaseException"),
    ("ExceptionGroup", "BaseExceptionGroup"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileNotFoundError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("Warning", "Exception"),
    ("DeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("UserWarning", "Warning"),
];

/// The built-in classes of one interpreter.
pub struct Types {
    pub object: Arc<Class>,
    pub type_: Arc<Class>,
    pub none: Arc<Class>,
    pub not_implemented: Arc<Class>,
    pub ellipsis: Arc<Class>,
    pub bool_: Arc<Class>,
    pub int: Arc<Class>,
    pub float: Arc<Class>,
    pub str_: Arc<Class>,
    pub bytes: Arc<Class>,
    pub list: Arc<Class>,
    pub tuple: Arc<Class>,
    pub dict: Arc<Class>,
    pub set: Arc<Class>,
    pub frozenset: Arc<Class>,
    pub range: Arc<Class>,
    pub slice: Arc<Class>,
    pub function: Arc<Class>,
    pub builtin_function: Arc<Class>,
    pub method: Arc<Class>,
    pub module: Arc<Class>,
    pub generator: Arc<Class>,
    pub coroutine: Arc<Class>,
    pub async_generator: Arc<Class>,
    pub iterator: Arc<Class>,
    pub property: Arc<Class>,
    pub classmethod: Arc<Class>,
    pub staticmethod: Arc<Class>,
    pub super_: Arc<Class>,
    pub code: Arc<Class>,
    /// The awaitable of one step of an async generator (`__anext__`, `asend`, `athrow`).
    pub async_gen_step: Arc<Class>,
    pub exceptions: HashMap<&'static str, Arc<Class>>,
}

pub fn class(name: &str, base: Option<&Arc<Class>>, builtin: Builtin) -> Arc<Class> {
    Arc::new(Class {
        name: name.to_string(),
        qualname: name.to_string(),
        module: "builtins".into(),
        base: base.cloned(),
        builtin,
        dict: Shared::new(super::value::AttrMap::default()),
    })
}

impl Types {
    pub fn new() -> Types {
        let object = class("object", None, Builtin::Object);
        let o = Some(&object);
        let int = class("int", o, Builtin::Int);
        let mut exceptions: HashMap<&'static str, Arc<Class>> = HashMap::new();
        for (name, base) in EXCEPTIONS {
            let base = if base.is_empty() { object.clone() } else { exceptions[base].clone() };
            exceptions.insert(name, class(name, Some(&base), Builtin::Exception));
        }
        Types {
            type_: class("type", o, Builtin::Type),
            none: class("NoneType", o, Builtin::NoneType),
            not_implemented: class("NotImplementedType", o, Builtin::NotImplementedType),
            ellipsis: class("ellipsis", o, Builtin::Ellipsis),
            bool_: class("bool", Some(&int), Builtin::Bool),
            float: class("float", o, Builtin::Float),
            str_: class("str", o, Builtin::Str),
            bytes: class("bytes", o, Builtin::Bytes),
            list: class("list", o, Builtin::List),
            tuple: class("tuple", o, Builtin::Tuple),
            dict: class("dict", o, Builtin::Dict),
            set: class("set", o, Builtin::Set),
            frozenset: class("frozenset", o, Builtin::FrozenSet),
            range: class("range", o, Builtin::Range),
            slice: class("slice", o, Builtin::Slice),
            function: class("function", o, Builtin::Function),
            builtin_function: class("builtin_function_or_method", o, Builtin::BuiltinFunction),
            method: class("method", o, Builtin::Method),
            module: class("module", o, Builtin::Module),
            generator: class("generator", o, Builtin::Generator),
            coroutine: class("coroutine", o, Builtin::Coroutine),
            async_generator: class("async_generator", o, Builtin::AsyncGenerator),
            iterator: class("iterator", o, Builtin::Iterator),
            property: class("property", o, Builtin::Property),
            classmethod: class("classmethod", o, Builtin::ClassMethod),
            staticmethod: class("staticmethod", o, Builtin::StaticMethod),
            super_: class("super", o, Builtin::Super),
            code: class("code", o, Builtin::Code),
            async_gen_step: class("async_generator_asend", o, Builtin::Host),
            int,
            object,
            exceptions,
        }
    }

    pub fn exception(&self, name: &str) -> Arc<Class> {
        self.exceptions.get(name).cloned().unwrap_or_else(|| self.exceptions["Exception"].clone())
    }
}

impl Default for Types {
    fn default() -> Self {
        Types::new()
    }
}
