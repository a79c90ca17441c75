//! Bytecode: what the compiler makes of a function, a class body or a module, and what the VM runs.
//!
//! A stack machine in the style of CPython's, with the same names where an instruction does the
//! same thing, so that the "Bytecode" view of a lesson reads like `dis` output: `counter += 1` is a
//! load, an add and a store, three steps another thread can come between.

use std::fmt::Write as _;
use std::sync::Arc;

use super::value::Value;

/// Binary operators, for `Binary` and `InPlace`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    MatMul,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            TrueDiv => "/",
            FloorDiv => "//",
            Mod => "%",
            Pow => "**",
            MatMul => "@",
            LShift => "<<",
            RShift => ">>",
            And => "&",
            Or => "|",
            Xor => "^",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// What `FormatValue` applies before formatting (`!s`, `!r`, `!a`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    None,
    Str,
    Repr,
    Ascii,
}

/// One instruction. Operands index the code object's tables (`consts`, `names`, `varnames`,
/// `cells`) or are jump targets (instruction indices).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instr {
    Nop,
    Pop,
    Dup,
    /// Duplicates the top two items, keeping their order.
    Dup2,
    /// Swaps the top two items.
    Rot2,
    /// Lifts the second and third items up one; the top goes down to third.
    Rot3,

    LoadConst(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// A cell or free variable (`cells` holds the cell variables first, then the free ones).
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// Pushes a cell itself, to be captured by a function being made.
    LoadClosure(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Module and class bodies: their own namespace, then globals, then builtins.
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    Subscr,
    StoreSubscr,
    DeleteSubscr,

    Unary(UnaryOp),
    Binary(BinOp),
    InPlace(BinOp),
    Compare(CmpOp),
    Is(bool),
    /// `in` (false) or `not in` (true).
    Contains(bool),

    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Pushes the next item of the iterator on top, or pops the iterator and jumps when it is done.
    ForIter(u32),

    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// `n` key/value pairs, keys first.
    BuildMap(u32),
    BuildSlice(u32),
    /// Appends the top to the list `n` items down (comprehensions).
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    /// Extends the list below with the iterable on top (`[*a, *b]`).
    ListExtend,
    SetUpdate,
    /// Merges the mapping on top into the dict below (`{**a}`, `f(**kw)`).
    DictMerge,
    ListToTuple,
    /// Joins the top `n` strings (f-strings).
    BuildString(u32),
    /// Formats the value (with the format spec on top, when `.1`).
    FormatValue(Conversion, bool),
    UnpackSequence(u32),
    /// Starred unpacking: `n` before the star, `m` after.
    UnpackEx(u32, u32),

    /// Calls with `n` positional arguments.
    Call(u32),
    /// Calls with `n` arguments, the last ones keywords whose names are the tuple on top.
    CallKw(u32),
    /// Calls with an argument tuple and, when set, a keyword dict (`f(*a, **k)`).
    CallEx(bool),
    /// Makes a function from the code object on top; the flags say what lies below it:
    /// 1 defaults tuple, 2 keyword-defaults dict, 8 closure tuple.
    MakeFunction(u32),
    /// Builds a class: the body function and then `n` bases lie on the stack, the name is a const.
    BuildClass(u32, u32),
    Return,

    /// Suspends the generator, handing out the top of the stack.
    Yield,
    /// Delegates to the iterator below the value to send (`yield from`, `await`).
    YieldFrom,
    /// Turns the top into something `await` can delegate to (calls `__await__` where needed).
    GetAwaitable,
    /// `yield from x`: a generator stays as it is, anything else becomes its iterator.
    GetYieldFromIter,
    GetAIter,
    /// Pushes the awaitable of `__anext__` of the async iterator on top (which stays).
    GetANext,
    /// The handler of `async for`: StopAsyncIteration ends the loop, anything else propagates.
    EndAsyncFor(u32),

    /// Pushes a handler block: an exception inside jumps to the target with itself on the stack.
    SetupExcept(u32),
    PopBlock,
    /// Leaves an exception handler: the exception being handled is no longer current.
    PopExcept,
    /// Re-raises the exception on top, keeping its traceback (the end of a handler or `finally`).
    Reraise,
    /// `raise` with 0 (re-raise the current exception), 1 (an exception) or 2 (and its cause).
    Raise(u32),
    /// Pops a type (or tuple of types) and checks the exception below it against it.
    CheckExcMatch,
    /// `except*`: splits the exception group below by the type on top; pushes the rest and the match.
    CheckEgMatch,

    /// `with`: the context manager on top becomes its bound `__exit__` and `__enter__()`'s result.
    WithEnter,
    /// `async with`: the same with `__aexit__`, and the awaitable of `__aenter__()`.
    AsyncWithEnter,
    /// Calls the `__exit__` below the exception on top with that exception; pushes the result.
    WithExitCall,
    /// Pops `__exit__`'s result: true swallows the exception (and leaves the handler, jumping to
    /// the target), false re-raises it.
    WithExitResult(u32),

    /// Imports a module by name (a const) and pushes it.
    Import(u32),
    /// Pushes an attribute of the module on top (which stays).
    ImportFrom(u32),
    /// Pushes `AssertionError`.
    LoadAssertionError,
    /// Pushes the `__build_class__`-free way of saying "the current class cell" (unused slot).
    SetupAnnotations,
}

/// What kind of code object: it decides what calling it makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    Module,
    Class,
    Function,
    Generator,
    Coroutine,
    AsyncGenerator,
}

/// A compiled function, class body or module.
#[derive(Debug)]
pub struct Code {
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub filename: Arc<str>,
    pub kind: CodeKind,
    pub instrs: Vec<Instr>,
    /// The source line of each instruction.
    pub lines: Vec<u32>,
    pub consts: Vec<Value>,
    pub names: Vec<Arc<str>>,
    /// Parameters first, then the other locals.
    pub varnames: Vec<Arc<str>>,
    /// Cell variables (locals captured by inner functions), then free variables.
    pub cellvars: Vec<Arc<str>>,
    pub freevars: Vec<Arc<str>>,
    /// For each cell variable that is also a parameter, the parameter's index.
    pub cell_params: Vec<Option<u32>>,
    pub argcount: u32,
    pub posonly: u32,
    pub kwonly: u32,
    pub varargs: bool,
    pub varkw: bool,
    pub first_line: u32,
}

impl Code {
    pub fn is_generator_like(&self) -> bool {
        matches!(self.kind, CodeKind::Generator | CodeKind::Coroutine | CodeKind::AsyncGenerator)
    }

    /// A `dis`-style listing of this code and of the code objects in its constants.
    pub fn disassemble(&self) -> String {
        let mut out = String::new();
        self.disassemble_into(&mut out);
        out
    }

    fn disassemble_into(&self, out: &mut String) {
        let _ = writeln!(out, "Disassembly of <code object {}, line {}>:", self.qualname, self.first_line);
        let targets: std::collections::HashSet<u32> = self.instrs.iter().filter_map(jump_target).collect();
        let mut last_line = 0;
        for (i, ins) in self.instrs.iter().enumerate() {
            let line = self.lines.get(i).copied().unwrap_or(0);
            let line_col = if line != last_line {
                last_line = line;
                if i > 0 {
                    out.push('\n');
                }
                format!("{line:>4}")
            } else {
                "    ".to_string()
            };
            let mark = if targets.contains(&(i as u32)) { ">>" } else { "  " };
            let (name, arg) = self.describe(ins);
            let row = format!("{line_col} {mark} {:>4} {name:<22}{arg}", i * 2);
            let _ = writeln!(out, "{}", row.trim_end());
        }
        for c in &self.consts {
            if let Value::Code(code) = c {
                out.push('\n');
                code.disassemble_into(out);
            }
        }
    }

    /// The instruction's name as `dis` spells it, and its argument in `dis`'s style.
    fn describe(&self, ins: &Instr) -> (String, String) {
        use Instr::*;
        let name = |i: &u32| self.names.get(*i as usize).map(|s| s.to_string()).unwrap_or_default();
        let var = |i: &u32| self.varnames.get(*i as usize).map(|s| s.to_string()).unwrap_or_default();
        let cell = |i: &u32| self.cellvars.iter().chain(self.freevars.iter()).nth(*i as usize).map(|s| s.to_string()).unwrap_or_default();
        let konst = |i: &u32| self.consts.get(*i as usize).map(super::format::debug_repr).unwrap_or_default();
        let op = |o: &str, n: u32, a: String| (o.to_string(), format!("{n:<4}({a})"));
        let plain = |o: &str| (o.to_string(), String::new());
        let num = |o: &str, n: u32| (o.to_string(), format!("{n}"));
        let jump = |o: &str, t: u32| (o.to_string(), format!("{:<4}(to {})", t * 2, t * 2));
        match ins {
            Nop => plain("NOP"),
            Pop => plain("POP_TOP"),
            Dup => plain("COPY 1"),
            Dup2 => plain("COPY 2 (x2)"),
            Rot2 => plain("SWAP 2"),
            Rot3 => plain("SWAP 3"),
            LoadConst(i) => op("LOAD_CONST", *i, konst(i)),
            LoadFast(i) => op("LOAD_FAST", *i, var(i)),
            StoreFast(i) => op("STORE_FAST", *i, var(i)),
            DeleteFast(i) => op("DELETE_FAST", *i, var(i)),
            LoadDeref(i) => op("LOAD_DEREF", *i, cell(i)),
            StoreDeref(i) => op("STORE_DEREF", *i, cell(i)),
            DeleteDeref(i) => op("DELETE_DEREF", *i, cell(i)),
            LoadClosure(i) => op("LOAD_CLOSURE", *i, cell(i)),
            LoadGlobal(i) => op("LOAD_GLOBAL", *i, name(i)),
            StoreGlobal(i) => op("STORE_GLOBAL", *i, name(i)),
            DeleteGlobal(i) => op("DELETE_GLOBAL", *i, name(i)),
            LoadName(i) => op("LOAD_NAME", *i, name(i)),
            StoreName(i) => op("STORE_NAME", *i, name(i)),
            DeleteName(i) => op("DELETE_NAME", *i, name(i)),
            LoadAttr(i) => op("LOAD_ATTR", *i, name(i)),
            StoreAttr(i) => op("STORE_ATTR", *i, name(i)),
            DeleteAttr(i) => op("DELETE_ATTR", *i, name(i)),
            Subscr => plain("BINARY_SUBSCR"),
            StoreSubscr => plain("STORE_SUBSCR"),
            DeleteSubscr => plain("DELETE_SUBSCR"),
            Unary(u) => plain(match u {
                UnaryOp::Neg => "UNARY_NEGATIVE",
                UnaryOp::Pos => "UNARY_POSITIVE",
                UnaryOp::Invert => "UNARY_INVERT",
                UnaryOp::Not => "UNARY_NOT",
            }),
            Binary(b) => ("BINARY_OP".into(), format!("{:<4}({})", *b as u32, b.symbol())),
            InPlace(b) => ("BINARY_OP".into(), format!("{:<4}({}=)", *b as u32 + 13, b.symbol())),
            Compare(c) => ("COMPARE_OP".into(), format!("{:<4}({})", *c as u32, c.symbol())),
            Is(neg) => num("IS_OP", *neg as u32),
            Contains(neg) => num("CONTAINS_OP", *neg as u32),
            Jump(t) => jump("JUMP", *t),
            PopJumpIfFalse(t) => jump("POP_JUMP_IF_FALSE", *t),
            PopJumpIfTrue(t) => jump("POP_JUMP_IF_TRUE", *t),
            JumpIfFalseOrPop(t) => jump("JUMP_IF_FALSE_OR_POP", *t),
            JumpIfTrueOrPop(t) => jump("JUMP_IF_TRUE_OR_POP", *t),
            GetIter => plain("GET_ITER"),
            ForIter(t) => jump("FOR_ITER", *t),
            BuildTuple(n) => num("BUILD_TUPLE", *n),
            BuildList(n) => num("BUILD_LIST", *n),
            BuildSet(n) => num("BUILD_SET", *n),
            BuildMap(n) => num("BUILD_MAP", *n),
            BuildSlice(n) => num("BUILD_SLICE", *n),
            ListAppend(n) => num("LIST_APPEND", *n),
            SetAdd(n) => num("SET_ADD", *n),
            MapAdd(n) => num("MAP_ADD", *n),
            ListExtend => num("LIST_EXTEND", 1),
            SetUpdate => num("SET_UPDATE", 1),
            DictMerge => num("DICT_MERGE", 1),
            ListToTuple => plain("LIST_TO_TUPLE"),
            BuildString(n) => num("BUILD_STRING", *n),
            FormatValue(c, spec) => (
                "FORMAT_VALUE".into(),
                format!(
                    "{}",
                    match (c, spec) {
                        (Conversion::None, false) => "",
                        (Conversion::None, true) => "(with format)",
                        (Conversion::Str, _) => "(str)",
                        (Conversion::Repr, _) => "(repr)",
                        (Conversion::Ascii, _) => "(ascii)",
                    }
                ),
            ),
            UnpackSequence(n) => num("UNPACK_SEQUENCE", *n),
            UnpackEx(a, b) => num("UNPACK_EX", a | (b << 8)),
            Call(n) => num("CALL", *n),
            CallKw(n) => num("CALL_KW", *n),
            CallEx(k) => num("CALL_FUNCTION_EX", *k as u32),
            MakeFunction(f) => num("MAKE_FUNCTION", *f),
            BuildClass(n, i) => op("BUILD_CLASS", *n, konst(i)),
            Return => plain("RETURN_VALUE"),
            Yield => plain("YIELD_VALUE"),
            YieldFrom => plain("SEND"),
            GetAwaitable => plain("GET_AWAITABLE"),
            GetYieldFromIter => plain("GET_YIELD_FROM_ITER"),
            GetAIter => plain("GET_AITER"),
            GetANext => plain("GET_ANEXT"),
            EndAsyncFor(t) => jump("END_ASYNC_FOR", *t),
            SetupExcept(t) => jump("SETUP_EXCEPT", *t),
            PopBlock => plain("POP_BLOCK"),
            PopExcept => plain("POP_EXCEPT"),
            Reraise => plain("RERAISE"),
            Raise(n) => num("RAISE_VARARGS", *n),
            CheckExcMatch => plain("CHECK_EXC_MATCH"),
            CheckEgMatch => plain("CHECK_EG_MATCH"),
            WithEnter => plain("BEFORE_WITH"),
            AsyncWithEnter => plain("BEFORE_ASYNC_WITH"),
            WithExitCall => plain("WITH_EXCEPT_START"),
            WithExitResult(t) => jump("WITH_EXIT_RESULT", *t),
            Import(i) => op("IMPORT_NAME", *i, konst(i)),
            ImportFrom(i) => op("IMPORT_FROM", *i, name(i)),
            LoadAssertionError => plain("LOAD_ASSERTION_ERROR"),
            SetupAnnotations => plain("SETUP_ANNOTATIONS"),
        }
    }
}

/// The target of a jumping instruction, for the `>>` marks of the listing.
fn jump_target(ins: &Instr) -> Option<u32> {
    use Instr::*;
    match ins {
        Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | JumpIfFalseOrPop(t) | JumpIfTrueOrPop(t) | ForIter(t) | SetupExcept(t)
        | EndAsyncFor(t) | WithExitResult(t) => Some(*t),
        _ => None,
    }
}
