//! From source text to code objects: Ruff's parser, our scope pass, then code generation.
//!
//! Code generation follows CPython's compiler in spirit: every function, lambda, comprehension and
//! class body becomes a code object; `try`/`finally`, `with` and loops keep a stack of "frame
//! blocks" so that `return`, `break` and `continue` run the `finally` bodies and `__exit__` calls
//! they leave on their way out. Anything outside the subset we run is refused here, with the
//! construct and its line, so that nothing runs differently from CPython without saying so.

use std::sync::Arc;

use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::bytecode::{BinOp, CmpOp, Code, CodeKind, Conversion, Instr, UnaryOp};
use super::scope::{self, Place, Scope, ScopeKind, ScopeTable};
use super::value::Value;

/// A `SyntaxError` (or `IndentationError`) found before anything runs, with CPython's wording where
/// we know it, and where it is: line and column are 1-based, the column counted in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub kind: &'static str,
    pub message: String,
    pub line: u32,
    pub column: u32,
    pub end_column: u32,
    /// The text of the offending line, for the caret display.
    pub text: String,
}

/// Where each line starts, for turning byte offsets into lines and columns.
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: u32) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }

    /// The 1-based column, in characters, of a byte offset.
    pub fn column(&self, source: &str, offset: u32) -> u32 {
        let line = self.line(offset);
        let start = self.starts[(line - 1) as usize] as usize;
        let end = (offset as usize).min(source.len());
        source.get(start..end).map(|s| s.chars().count()).unwrap_or(0) as u32 + 1
    }

    pub fn line_text<'s>(&self, source: &'s str, line: u32) -> &'s str {
        let start = self.starts.get((line - 1) as usize).copied().unwrap_or(0) as usize;
        let end = self.starts.get(line as usize).map(|&e| e as usize).unwrap_or(source.len());
        source.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }
}

/// Compiles a module's source into its code object.
pub fn compile_module(source: &str, filename: &str) -> Result<Arc<Code>, CompileError> {
    let index = LineIndex::new(source);
    let parsed = ruff_python_parser::parse_module(source).map_err(|e| super::syntax::parse_error(source, &index, &e))?;
    let module = parsed.into_syntax();
    let range = TextRange::new(0.into(), (source.len() as u32).into());
    let table = scope::analyse(&module.body, range).map_err(|e| error_at(source, &index, "SyntaxError", &e.message, e.range))?;
    let mut c = Compiler { source, index: &index, filename: Arc::from(filename), table: &table, units: Vec::new() };
    c.enter(range, "<module>".into(), "<module>".into(), CodeKind::Module, 1);
    c.body(&module.body)?;
    c.emit(Instr::LoadConst(0));
    c.emit(Instr::Return);
    Ok(c.leave())
}

fn error_at(source: &str, index: &LineIndex, kind: &'static str, message: &str, range: TextRange) -> CompileError {
    let line = index.line(range.start().into());
    let column = index.column(source, range.start().into());
    let end_line = index.line(range.end().into());
    let end_column = if end_line == line { index.column(source, range.end().into()) } else { column + 1 };
    CompileError { kind, message: message.to_string(), line, column, end_column, text: index.line_text(source, line).to_string() }
}

/// What `return`, `break` and `continue` must undo on their way out.
#[derive(Clone)]
enum FBlock<'a> {
    Loop { head: usize, exit: usize, pops_iterator: bool },
    TryExcept,
    Finally { body: &'a [Stmt] },
    /// Running a `finally` body or an except clause: an exception is being handled.
    Handler { exc_on_stack: bool, name: Option<String> },
    With { is_async: bool },
}

/// One code object being generated.
struct Unit<'a> {
    key: TextRange,
    name: Arc<str>,
    qualname: Arc<str>,
    kind: CodeKind,
    instrs: Vec<Instr>,
    lines: Vec<u32>,
    consts: Vec<Value>,
    names: Vec<Arc<str>>,
    varnames: Vec<Arc<str>>,
    cellvars: Vec<Arc<str>>,
    freevars: Vec<Arc<str>>,
    /// Where each label was bound (instruction index); jumps hold label ids until the end.
    labels: Vec<Option<u32>>,
    fblocks: Vec<FBlock<'a>>,
    line: u32,
    first_line: u32,
    argcount: u32,
    posonly: u32,
    kwonly: u32,
    varargs: bool,
    varkw: bool,
}

struct Compiler<'a> {
    source: &'a str,
    index: &'a LineIndex,
    filename: Arc<str>,
    table: &'a ScopeTable,
    units: Vec<Unit<'a>>,
}

type Result<T, E = CompileError> = std::result::Result<T, E>;

fn binop(op: ast::Operator) -> BinOp {
    use ast::Operator::*;
    match op {
        Add => BinOp::Add,
        Sub => BinOp::Sub,
        Mult => BinOp::Mul,
        MatMult => BinOp::MatMul,
        Div => BinOp::TrueDiv,
        Mod => BinOp::Mod,
        Pow => BinOp::Pow,
        LShift => BinOp::LShift,
        RShift => BinOp::RShift,
        BitOr => BinOp::Or,
        BitXor => BinOp::Xor,
        BitAnd => BinOp::And,
        FloorDiv => BinOp::FloorDiv,
    }
}

impl<'a> Compiler<'a> {
    fn unit(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is always open while compiling")
    }

    fn scope(&self) -> &'a Scope {
        let key = self.units.last().map(|u| u.key).unwrap_or_default();
        &self.table.scopes[&key]
    }

    fn enter(&mut self, key: TextRange, name: Arc<str>, qualname: Arc<str>, kind: CodeKind, first_line: u32) {
        let scope = &self.table.scopes[&key];
        let mut varnames: Vec<Arc<str>> = Vec::new();
        let mut cellvars: Vec<Arc<str>> = Vec::new();
        let mut freevars: Vec<Arc<str>> = Vec::new();
        for p in &scope.params {
            varnames.push(Arc::from(p.as_str()));
        }
        for name in &scope.order {
            match scope.places.get(name) {
                Some(Place::Local) if !varnames.iter().any(|v| &**v == name) => varnames.push(Arc::from(name.as_str())),
                _ => {}
            }
        }
        let mut cells: Vec<&String> = scope.places.iter().filter(|(_, p)| **p == Place::Cell).map(|(n, _)| n).collect();
        cells.sort_by_key(|n| scope.order.iter().position(|o| o == *n).unwrap_or(usize::MAX));
        cellvars.extend(cells.into_iter().map(|n| Arc::from(n.as_str())));
        let mut frees: Vec<&String> = scope.places.iter().filter(|(_, p)| **p == Place::Free).map(|(n, _)| n).collect();
        frees.sort();
        freevars.extend(frees.into_iter().map(|n| Arc::from(n.as_str())));
        self.units.push(Unit {
            key,
            name,
            qualname,
            kind,
            instrs: Vec::new(),
            lines: Vec::new(),
            consts: vec![Value::None],
            names: Vec::new(),
            varnames,
            cellvars,
            freevars,
            labels: Vec::new(),
            fblocks: Vec::new(),
            line: first_line,
            first_line,
            argcount: 0,
            posonly: 0,
            kwonly: 0,
            varargs: false,
            varkw: false,
        });
    }

    fn leave(&mut self) -> Arc<Code> {
        let u = self.units.pop().expect("leave matches enter");
        let labels = u.labels;
        let resolve = |t: u32| labels[t as usize].unwrap_or(0);
        let instrs = u
            .instrs
            .into_iter()
            .map(|i| {
                use Instr::*;
                match i {
                    Jump(t) => Jump(resolve(t)),
                    PopJumpIfFalse(t) => PopJumpIfFalse(resolve(t)),
                    PopJumpIfTrue(t) => PopJumpIfTrue(resolve(t)),
                    JumpIfFalseOrPop(t) => JumpIfFalseOrPop(resolve(t)),
                    JumpIfTrueOrPop(t) => JumpIfTrueOrPop(resolve(t)),
                    ForIter(t) => ForIter(resolve(t)),
                    SetupExcept(t) => SetupExcept(resolve(t)),
                    EndAsyncFor(t) => EndAsyncFor(resolve(t)),
                    WithExitResult(t) => WithExitResult(resolve(t)),
                    other => other,
                }
            })
            .collect();
        let cell_params = u.cellvars.iter().map(|c| u.varnames.iter().position(|v| v == c).map(|p| p as u32)).collect();
        Arc::new(Code {
            name: u.name,
            qualname: u.qualname,
            filename: self.filename.clone(),
            kind: u.kind,
            instrs,
            lines: u.lines,
            consts: u.consts,
            names: u.names,
            varnames: u.varnames,
            cellvars: u.cellvars,
            freevars: u.freevars,
            cell_params,
            argcount: u.argcount,
            posonly: u.posonly,
            kwonly: u.kwonly,
            varargs: u.varargs,
            varkw: u.varkw,
            first_line: u.first_line,
        })
    }

    /// `await` of what is on top of the stack: make it awaitable, then delegate to it.
    fn await_top(&mut self) {
        self.emit(Instr::GetAwaitable);
        self.load_const(Value::None);
        self.emit(Instr::YieldFrom);
    }

    fn emit(&mut self, i: Instr) -> usize {
        let u = self.unit();
        u.instrs.push(i);
        u.lines.push(u.line);
        u.instrs.len() - 1
    }

    fn label(&mut self) -> u32 {
        let u = self.unit();
        u.labels.push(None);
        (u.labels.len() - 1) as u32
    }

    fn bind(&mut self, label: u32) {
        let u = self.unit();
        u.labels[label as usize] = Some(u.instrs.len() as u32);
    }

    fn line_of(&self, range: TextRange) -> u32 {
        self.index.line(range.start().into())
    }

    fn set_line(&mut self, range: TextRange) -> u32 {
        let line = self.line_of(range);
        std::mem::replace(&mut self.unit().line, line)
    }

    fn refuse(&self, what: &str, range: TextRange) -> CompileError {
        let mut e = error_at(self.source, self.index, "SyntaxError", "", range);
        e.message = format!("{what} is not supported by this playground's Python (line {})", e.line);
        e
    }

    fn error(&self, message: &str, range: TextRange) -> CompileError {
        error_at(self.source, self.index, "SyntaxError", message, range)
    }

    fn konst(&mut self, v: Value) -> u32 {
        let u = self.unit();
        if let Some(i) = u.consts.iter().position(|c| same_const(c, &v)) {
            return i as u32;
        }
        u.consts.push(v);
        (u.consts.len() - 1) as u32
    }

    fn name_index(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(i) = u.names.iter().position(|n| &**n == name) {
            return i as u32;
        }
        u.names.push(Arc::from(name));
        (u.names.len() - 1) as u32
    }

    fn load_const(&mut self, v: Value) {
        let i = self.konst(v);
        self.emit(Instr::LoadConst(i));
    }

    fn cell_index(&self, name: &str) -> Option<u32> {
        let u = self.units.last()?;
        u.cellvars.iter().chain(u.freevars.iter()).position(|c| &**c == name).map(|i| i as u32)
    }

    fn var_index(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(i) = u.varnames.iter().position(|v| &**v == name) {
            return i as u32;
        }
        u.varnames.push(Arc::from(name));
        (u.varnames.len() - 1) as u32
    }

    fn place(&self, name: &str) -> Place {
        let scope = self.scope();
        match scope.places.get(name) {
            Some(p) => *p,
            None if matches!(scope.kind, ScopeKind::Module | ScopeKind::Class) => Place::Name,
            None => Place::Global,
        }
    }

    /// Loads, stores or deletes a name with the instruction its place calls for. A cell the code
    /// object does not have (a class body's view of an enclosing function) falls back to the
    /// namespace lookup.
    fn name_op(&mut self, name: &str, op: NameOp) {
        let [fast, deref, global, named] = op.instrs();
        let ins = match self.place(name) {
            Place::Local => fast(self.var_index(name)),
            Place::Cell | Place::Free => match self.cell_index(name) {
                Some(i) => deref(i),
                None => named(self.name_index(name)),
            },
            Place::Global => global(self.name_index(name)),
            Place::Name => named(self.name_index(name)),
        };
        self.emit(ins);
    }

    fn load_name(&mut self, name: &str) {
        self.name_op(name, NameOp::Load)
    }

    fn store_name(&mut self, name: &str) {
        self.name_op(name, NameOp::Store)
    }

    fn delete_name(&mut self, name: &str) {
        self.name_op(name, NameOp::Delete)
    }

    fn qualname(&self, name: &str) -> Arc<str> {
        // Nested functions are `outer.<locals>.inner`, methods `Class.method`, as in CPython.
        match self.units.last() {
            Some(u) if u.kind != CodeKind::Module => {
                if u.kind == CodeKind::Class {
                    Arc::from(format!("{}.{}", u.qualname, name))
                } else {
                    Arc::from(format!("{}.<locals>.{}", u.qualname, name))
                }
            }
            _ => Arc::from(name),
        }
    }

    fn in_async_function(&self) -> bool {
        self.units.last().map(|u| matches!(u.kind, CodeKind::Coroutine | CodeKind::AsyncGenerator)).unwrap_or(false)
    }

    fn in_function(&self) -> bool {
        self.units.last().map(|u| !matches!(u.kind, CodeKind::Module | CodeKind::Class)).unwrap_or(false)
    }

    // ---- statements -------------------------------------------------------------------------

    fn body(&mut self, body: &'a [Stmt]) -> Result<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> Result<()> {
        let line = self.line_of(s.range());
        self.unit().line = line;
        match s {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                self.emit(Instr::Pop);
            }
            Stmt::Pass(_) => {
                self.emit(Instr::Nop);
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        self.emit(Instr::Dup);
                    }
                    self.store(t)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.store(&a.target)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t)?;
                }
            }
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => {
                if f.is_async {
                    self.async_for(f)?
                } else {
                    self.for_stmt(f)?
                }
            }
            Stmt::Break(b) => self.break_continue(true, b.range)?,
            Stmt::Continue(c) => self.break_continue(false, c.range)?,
            Stmt::Return(r) => {
                if !self.in_function() {
                    return Err(self.error("'return' outside function", r.range));
                }
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Value::None),
                }
                self.unwind_all(true)?;
                self.emit(Instr::Return);
            }
            Stmt::FunctionDef(f) => self.function_def(f)?,
            Stmt::ClassDef(c) => self.class_def(c)?,
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Instr::Raise(n));
            }
            Stmt::Try(t) => {
                if t.is_star {
                    self.try_star(t)?
                } else if !t.finalbody.is_empty() {
                    self.try_finally(t)?
                } else {
                    self.try_except(t)?
                }
            }
            Stmt::Assert(a) => {
                let end = self.label();
                self.expr(&a.test)?;
                self.emit(Instr::PopJumpIfTrue(end));
                self.emit(Instr::LoadAssertionError);
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                    self.emit(Instr::Call(1));
                }
                self.emit(Instr::Raise(1));
                self.bind(end);
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let full = alias.name.id.to_string();
                    let k = self.konst(Value::str(&full));
                    self.emit(Instr::Import(k));
                    match &alias.asname {
                        Some(asname) => {
                            // `import a.b as c` binds the submodule.
                            for part in full.split('.').skip(1) {
                                let n = self.name_index(part);
                                self.emit(Instr::LoadAttr(n));
                            }
                            self.store_name(&asname.id);
                        }
                        None => {
                            let top = full.split('.').next().unwrap_or("").to_string();
                            if top != full {
                                self.emit(Instr::Pop);
                                let k = self.konst(Value::str(&top));
                                self.emit(Instr::Import(k));
                            }
                            self.store_name(&top);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                if i.level > 0 {
                    return Err(self.refuse("a relative import", i.range));
                }
                let module = i.module.as_ref().map(|m| m.id.to_string()).unwrap_or_default();
                let k = self.konst(Value::str(&module));
                self.emit(Instr::Import(k));
                for alias in &i.names {
                    if &*alias.name.id == "*" {
                        return Err(self.refuse("`from ... import *`", i.range));
                    }
                    let n = self.name_index(&alias.name.id);
                    self.emit(Instr::ImportFrom(n));
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.store_name(&bound.id);
                }
                self.emit(Instr::Pop);
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::With(w) => self.with_stmt(w, 0)?,
            Stmt::Match(m) => return Err(self.refuse("`match`", m.range)),
            Stmt::TypeAlias(t) => return Err(self.refuse("`type` aliases", t.range)),
            Stmt::IpyEscapeCommand(c) => return Err(self.refuse("an IPython escape", c.range)),
        }
        Ok(())
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> Result<()> {
        let end = self.label();
        let mut next = self.label();
        self.expr(&i.test)?;
        self.emit(Instr::PopJumpIfFalse(next));
        self.body(&i.body)?;
        for clause in &i.elif_else_clauses {
            self.emit(Instr::Jump(end));
            self.bind(next);
            next = self.label();
            if let Some(test) = &clause.test {
                self.set_line(test.range());
                self.expr(test)?;
                self.emit(Instr::PopJumpIfFalse(next));
            }
            self.body(&clause.body)?;
        }
        self.bind(next);
        self.bind(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> Result<()> {
        let head = self.label();
        let orelse = self.label();
        let exit = self.label();
        self.bind(head);
        self.expr(&w.test)?;
        self.emit(Instr::PopJumpIfFalse(orelse));
        self.unit().fblocks.push(FBlock::Loop { head: head as usize, exit: exit as usize, pops_iterator: false });
        self.body(&w.body)?;
        self.unit().fblocks.pop();
        self.set_line(w.range);
        self.emit(Instr::Jump(head));
        self.bind(orelse);
        self.body(&w.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> Result<()> {
        let head = self.label();
        let orelse = self.label();
        let exit = self.label();
        self.expr(&f.iter)?;
        self.emit(Instr::GetIter);
        self.bind(head);
        self.set_line(f.range);
        self.emit(Instr::ForIter(orelse));
        self.store(&f.target)?;
        self.unit().fblocks.push(FBlock::Loop { head: head as usize, exit: exit as usize, pops_iterator: true });
        self.body(&f.body)?;
        self.unit().fblocks.pop();
        self.emit(Instr::Jump(head));
        self.bind(orelse);
        self.body(&f.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn async_for(&mut self, f: &'a ast::StmtFor) -> Result<()> {
        if !self.in_async_function() {
            return Err(self.error("'async for' outside async function", f.range));
        }
        let head = self.label();
        let handler = self.label();
        let orelse = self.label();
        let exit = self.label();
        self.expr(&f.iter)?;
        self.emit(Instr::GetAIter);
        self.bind(head);
        self.emit(Instr::SetupExcept(handler));
        self.emit(Instr::GetANext);
        self.load_const(Value::None);
        self.emit(Instr::YieldFrom);
        self.emit(Instr::PopBlock);
        self.store(&f.target)?;
        self.unit().fblocks.push(FBlock::Loop { head: head as usize, exit: exit as usize, pops_iterator: true });
        self.body(&f.body)?;
        self.unit().fblocks.pop();
        self.emit(Instr::Jump(head));
        self.bind(handler);
        self.emit(Instr::EndAsyncFor(orelse));
        self.bind(orelse);
        self.body(&f.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn break_continue(&mut self, is_break: bool, range: TextRange) -> Result<()> {
        let blocks = self.unit().fblocks.clone();
        let Some(pos) = blocks.iter().rposition(|b| matches!(b, FBlock::Loop { .. })) else {
            let what = if is_break { "'break' outside loop" } else { "'continue' not properly in loop" };
            return Err(self.error(what, range));
        };
        for b in blocks[pos + 1..].iter().rev() {
            self.unwind_block(b, false)?;
        }
        if let FBlock::Loop { head, exit, pops_iterator } = blocks[pos] {
            if is_break {
                if pops_iterator {
                    self.emit(Instr::Pop);
                }
                self.emit(Instr::Jump(exit as u32));
            } else {
                self.emit(Instr::Jump(head as u32));
            }
        }
        Ok(())
    }

    /// Before `return`: undoes every block of the function (the value to return is on top).
    fn unwind_all(&mut self, preserve_top: bool) -> Result<()> {
        let blocks = self.unit().fblocks.clone();
        for b in blocks.iter().rev() {
            self.unwind_block(b, preserve_top)?;
        }
        Ok(())
    }

    fn unwind_block(&mut self, b: &FBlock<'a>, preserve_top: bool) -> Result<()> {
        match b {
            FBlock::Loop { pops_iterator, .. } => {
                if *pops_iterator && preserve_top {
                    self.emit(Instr::Rot2);
                    self.emit(Instr::Pop);
                }
            }
            FBlock::TryExcept => {
                self.emit(Instr::PopBlock);
            }
            FBlock::Finally { body } => {
                self.emit(Instr::PopBlock);
                // The finally body runs with the blocks outside it only.
                let saved = self.unit().fblocks.clone();
                let pos = saved.iter().rposition(|x| std::ptr::eq(x as *const _, b as *const _)).unwrap_or(saved.len());
                let outer: Vec<FBlock<'a>> = self.unit().fblocks.iter().take_while(|x| !same_block(x, b)).cloned().collect();
                let _ = pos;
                self.unit().fblocks = outer;
                let r = self.body(body);
                self.unit().fblocks = saved;
                r?;
            }
            FBlock::Handler { exc_on_stack, name } => {
                self.emit(Instr::PopExcept);
                if *exc_on_stack {
                    if preserve_top {
                        self.emit(Instr::Rot2);
                    }
                    self.emit(Instr::Pop);
                }
                if let Some(n) = name {
                    self.load_const(Value::None);
                    self.store_name(n);
                    self.delete_name(n);
                }
            }
            FBlock::With { is_async } => {
                self.emit(Instr::PopBlock);
                if preserve_top {
                    self.emit(Instr::Rot2);
                }
                self.load_const(Value::None);
                self.load_const(Value::None);
                self.load_const(Value::None);
                self.emit(Instr::Call(3));
                if *is_async {
                    self.await_top();
                }
                self.emit(Instr::Pop);
            }
        }
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> Result<()> {
        let handler = self.label();
        let orelse = self.label();
        let end = self.label();
        self.emit(Instr::SetupExcept(handler));
        self.unit().fblocks.push(FBlock::TryExcept);
        self.body(&t.body)?;
        self.unit().fblocks.pop();
        self.emit(Instr::PopBlock);
        self.emit(Instr::Jump(orelse));
        self.bind(handler);
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_line(h.range);
            let next = self.label();
            match &h.type_ {
                Some(ty) => {
                    // CheckExcMatch looks at the exception below the type without taking it.
                    self.expr(ty)?;
                    self.emit(Instr::CheckExcMatch);
                    self.emit(Instr::PopJumpIfFalse(next));
                }
                None => {}
            }
            let name = h.name.as_ref().map(|n| n.id.to_string());
            match &name {
                Some(n) => self.store_name(n),
                None => {
                    self.emit(Instr::Pop);
                }
            }
            self.unit().fblocks.push(FBlock::Handler { exc_on_stack: false, name: name.clone() });
            self.body(&h.body)?;
            self.unit().fblocks.pop();
            self.emit(Instr::PopExcept);
            if let Some(n) = &name {
                // `except E as e` deletes `e` at the end of the clause, as CPython does.
                self.load_const(Value::None);
                self.store_name(n);
                self.delete_name(n);
            }
            self.emit(Instr::Jump(end));
            self.bind(next);
        }
        self.emit(Instr::Reraise);
        self.bind(orelse);
        self.body(&t.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> Result<()> {
        let handler = self.label();
        let end = self.label();
        self.emit(Instr::SetupExcept(handler));
        self.unit().fblocks.push(FBlock::Finally { body: &t.finalbody });
        if t.handlers.is_empty() {
            self.body(&t.body)?;
            self.body(&t.orelse)?;
        } else {
            self.try_except(t)?;
        }
        self.unit().fblocks.pop();
        self.emit(Instr::PopBlock);
        self.body(&t.finalbody)?;
        self.emit(Instr::Jump(end));
        self.bind(handler);
        self.unit().fblocks.push(FBlock::Handler { exc_on_stack: true, name: None });
        self.body(&t.finalbody)?;
        self.unit().fblocks.pop();
        self.emit(Instr::Reraise);
        self.bind(end);
        Ok(())
    }

    /// `try: ... except* E: ...`: each clause takes the part of the exception group it matches;
    /// what no clause takes is raised again at the end.
    fn try_star(&mut self, t: &'a ast::StmtTry) -> Result<()> {
        if !t.finalbody.is_empty() {
            return Err(self.refuse("`finally` together with `except*`", t.range));
        }
        let handler = self.label();
        let orelse = self.label();
        let end = self.label();
        self.emit(Instr::SetupExcept(handler));
        self.unit().fblocks.push(FBlock::TryExcept);
        self.body(&t.body)?;
        self.unit().fblocks.pop();
        self.emit(Instr::PopBlock);
        self.emit(Instr::Jump(orelse));
        self.bind(handler);
        // Stack: [rest]. Each clause splits the rest into [rest, match]; a match of None skips it.
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_line(h.range);
            let next = self.label();
            let Some(ty) = &h.type_ else { return Err(self.error("expected one or more exception types", h.range)) };
            self.expr(ty)?;
            self.emit(Instr::CheckEgMatch);
            self.emit(Instr::Dup);
            self.load_const(Value::None);
            self.emit(Instr::Is(false));
            let skip = self.label();
            self.emit(Instr::PopJumpIfTrue(skip));
            let name = h.name.as_ref().map(|n| n.id.to_string());
            match &name {
                Some(n) => self.store_name(n),
                None => {
                    self.emit(Instr::Pop);
                }
            }
            self.unit().fblocks.push(FBlock::Handler { exc_on_stack: false, name: name.clone() });
            self.body(&h.body)?;
            self.unit().fblocks.pop();
            if let Some(n) = &name {
                self.load_const(Value::None);
                self.store_name(n);
                self.delete_name(n);
            }
            self.emit(Instr::Jump(next));
            self.bind(skip);
            self.emit(Instr::Pop);
            self.bind(next);
        }
        // What is left: None when every part was handled, else the group of the rest.
        let done = self.label();
        self.emit(Instr::Dup);
        self.load_const(Value::None);
        self.emit(Instr::Is(false));
        self.emit(Instr::PopJumpIfTrue(done));
        self.emit(Instr::Reraise);
        self.bind(done);
        self.emit(Instr::Pop);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Jump(end));
        self.bind(orelse);
        self.body(&t.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn with_stmt(&mut self, w: &'a ast::StmtWith, item: usize) -> Result<()> {
        if w.is_async && !self.in_async_function() {
            return Err(self.error("'async with' outside async function", w.range));
        }
        let Some(it) = w.items.get(item) else {
            return self.body(&w.body);
        };
        let handler = self.label();
        let end = self.label();
        self.expr(&it.context_expr)?;
        if w.is_async {
            self.emit(Instr::AsyncWithEnter);
            self.await_top();
        } else {
            self.emit(Instr::WithEnter);
        }
        match &it.optional_vars {
            Some(t) => self.store(t)?,
            None => {
                self.emit(Instr::Pop);
            }
        }
        self.emit(Instr::SetupExcept(handler));
        self.unit().fblocks.push(FBlock::With { is_async: w.is_async });
        self.with_stmt(w, item + 1)?;
        self.unit().fblocks.pop();
        // The normal way out: `__exit__(None, None, None)`.
        self.emit(Instr::PopBlock);
        self.load_const(Value::None);
        self.load_const(Value::None);
        self.load_const(Value::None);
        self.emit(Instr::Call(3));
        if w.is_async {
            self.await_top();
        }
        self.emit(Instr::Pop);
        self.emit(Instr::Jump(end));
        // The way out with an exception: `__exit__(type, exc, tb)` decides whether it propagates.
        self.bind(handler);
        self.set_line(w.range);
        self.emit(Instr::WithExitCall);
        if w.is_async {
            self.await_top();
        }
        self.emit(Instr::WithExitResult(end));
        self.bind(end);
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> Result<()> {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(&n.id);
                self.expr(&a.value)?;
                self.emit(Instr::InPlace(op));
                self.store_name(&n.id);
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Instr::Dup);
                let n = self.name_index(&at.attr.id);
                self.emit(Instr::LoadAttr(n));
                self.expr(&a.value)?;
                self.emit(Instr::InPlace(op));
                self.emit(Instr::Rot2);
                self.emit(Instr::StoreAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::Dup2);
                self.emit(Instr::Subscr);
                self.expr(&a.value)?;
                self.emit(Instr::InPlace(op));
                self.emit(Instr::Rot3);
                self.emit(Instr::StoreSubscr);
            }
            other => return Err(self.error("'expression' is an illegal expression for augmented assignment", other.range())),
        }
        Ok(())
    }

    fn store(&mut self, t: &'a Expr) -> Result<()> {
        match t {
            Expr::Name(n) => self.store_name(&n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name_index(&a.attr.id);
                self.emit(Instr::StoreAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::StoreSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    Some(i) => {
                        if elts.iter().filter(|e| matches!(e, Expr::Starred(_))).count() > 1 {
                            return Err(self.error("multiple starred expressions in assignment", t.range()));
                        }
                        self.emit(Instr::UnpackEx(i as u32, (elts.len() - i - 1) as u32));
                    }
                    None => {
                        self.emit(Instr::UnpackSequence(elts.len() as u32));
                    }
                }
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.store(&s.value)?,
                        other => self.store(other)?,
                    }
                }
            }
            Expr::Starred(s) => return Err(self.error("starred assignment target must be in a list or tuple", s.range)),
            other => return Err(self.error("cannot assign to expression", other.range())),
        }
        Ok(())
    }

    fn delete(&mut self, t: &'a Expr) -> Result<()> {
        match t {
            Expr::Name(n) => self.delete_name(&n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name_index(&a.attr.id);
                self.emit(Instr::DeleteAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::DeleteSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    self.delete(e)?;
                }
            }
            other => return Err(self.error("cannot delete expression", other.range())),
        }
        Ok(())
    }

    /// Pushes defaults and keyword defaults; returns the MakeFunction flags they need.
    fn defaults(&mut self, params: &'a ast::Parameters) -> Result<u32> {
        let mut flags = 0;
        let defaults: Vec<&Expr> = params.posonlyargs.iter().chain(params.args.iter()).filter_map(|p| p.default.as_deref()).collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(Instr::BuildTuple(defaults.len() as u32));
            flags |= 1;
        }
        let kwdefaults: Vec<(&str, &Expr)> =
            params.kwonlyargs.iter().filter_map(|p| p.default.as_deref().map(|d| (p.parameter.name.id.as_str(), d))).collect();
        if !kwdefaults.is_empty() {
            for (name, d) in &kwdefaults {
                self.load_const(Value::str(name));
                self.expr(d)?;
            }
            self.emit(Instr::BuildMap(kwdefaults.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    fn set_signature(&mut self, params: Option<&ast::Parameters>) {
        let Some(p) = params else { return };
        let u = self.unit();
        u.posonly = p.posonlyargs.len() as u32;
        u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
        u.kwonly = p.kwonlyargs.len() as u32;
        u.varargs = p.vararg.is_some();
        u.varkw = p.kwarg.is_some();
    }

    /// Pushes the closure tuple for a code object about to be made; returns the flag for it.
    fn closure(&mut self, code: &Code) -> u32 {
        if code.freevars.is_empty() {
            return 0;
        }
        for name in code.freevars.iter() {
            let i = self.cell_index(name).unwrap_or(0);
            self.emit(Instr::LoadClosure(i));
        }
        self.emit(Instr::BuildTuple(code.freevars.len() as u32));
        8
    }

    fn make_function(&mut self, code: Arc<Code>, flags: u32) {
        let flags = flags | self.closure(&code);
        self.load_const(Value::Code(code));
        self.emit(Instr::MakeFunction(flags));
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> Result<()> {
        if f.type_params.is_some() {
            return Err(self.refuse("type parameters", f.range));
        }
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        let flags = self.defaults(&f.parameters)?;
        let scope = &self.table.scopes[&f.range];
        let kind = match (f.is_async, scope.is_generator) {
            (false, false) => CodeKind::Function,
            (false, true) => CodeKind::Generator,
            (true, false) => CodeKind::Coroutine,
            (true, true) => CodeKind::AsyncGenerator,
        };
        let qualname = self.qualname(&f.name.id);
        let line = self.line_of(f.range);
        // A decorated function's code starts at its first decorator's line, as in CPython.
        self.enter(f.range, Arc::from(f.name.id.as_str()), qualname, kind, line);
        self.set_signature(Some(&f.parameters));
        // A docstring is the function's first constant, as `__doc__`.
        let body: &'a [Stmt] = &f.body;
        self.body(body)?;
        self.load_const(Value::None);
        self.emit(Instr::Return);
        let code = self.leave();
        self.make_function(code, flags);
        for _ in &f.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&f.name.id);
        Ok(())
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> Result<()> {
        if c.type_params.is_some() {
            return Err(self.refuse("type parameters", c.range));
        }
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        let qualname = self.qualname(&c.name.id);
        let line = self.line_of(c.range);
        self.enter(c.range, Arc::from(c.name.id.as_str()), qualname.clone(), CodeKind::Class, line);
        let module = self.name_index("__name__");
        self.emit(Instr::LoadGlobal(module));
        let n = self.name_index("__module__");
        self.emit(Instr::StoreName(n));
        self.load_const(Value::Str(qualname));
        let n = self.name_index("__qualname__");
        self.emit(Instr::StoreName(n));
        self.body(&c.body)?;
        // The class body returns its `__class__` cell (for `super()`), or None.
        match self.cell_index("__class__") {
            Some(i) if self.scope().needs_class_cell => {
                self.emit(Instr::LoadClosure(i));
            }
            _ => self.load_const(Value::None),
        }
        self.emit(Instr::Return);
        let code = self.leave();
        self.make_function(code, 0);
        let mut nbases = 0;
        if let Some(args) = &c.arguments {
            if let Some(k) = args.keywords.first() {
                return Err(self.refuse("class keywords (such as metaclass=)", k.range));
            }
            for b in args.args.iter() {
                if matches!(b, Expr::Starred(_)) {
                    return Err(self.refuse("starred bases", b.range()));
                }
                self.expr(b)?;
                nbases += 1;
            }
        }
        let name = self.konst(Value::str(&c.name.id));
        self.emit(Instr::BuildClass(nbases, name));
        for _ in &c.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&c.name.id);
        Ok(())
    }

    // ---- expressions ------------------------------------------------------------------------

    fn expr(&mut self, e: &'a Expr) -> Result<()> {
        let saved = self.set_line(e.range());
        let r = self.expr_inner(e);
        self.unit().line = saved;
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> Result<()> {
        match e {
            Expr::NumberLiteral(n) => {
                let v = match &n.value {
                    ast::Number::Int(i) => match i.as_u64() {
                        Some(u) if u <= i64::MAX as u64 => Value::Int(u as i64),
                        _ => Value::from_big(parse_big_literal(&self.source[n.range])),
                    },
                    ast::Number::Float(f) => Value::Float(*f),
                    ast::Number::Complex { .. } => return Err(self.refuse("complex numbers", n.range)),
                };
                self.load_const(v);
            }
            Expr::StringLiteral(s) => self.load_const(Value::str(s.value.to_str())),
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                self.load_const(Value::Bytes(Arc::from(bytes)));
            }
            Expr::BooleanLiteral(b) => self.load_const(Value::Bool(b.value)),
            Expr::NoneLiteral(_) => self.load_const(Value::None),
            Expr::EllipsisLiteral(_) => self.load_const(Value::Ellipsis),
            Expr::FString(f) => self.fstring(f)?,
            Expr::TString(t) => return Err(self.refuse("template strings", t.range)),
            Expr::Name(n) => self.load_name(&n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let saved = self.set_line(a.attr.range);
                let n = self.name_index(&a.attr.id);
                self.emit(Instr::LoadAttr(n));
                self.unit().line = saved;
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::Subscr);
            }
            Expr::Slice(s) => {
                let mut n = 2;
                match &s.lower {
                    Some(l) => self.expr(l)?,
                    None => self.load_const(Value::None),
                }
                match &s.upper {
                    Some(u) => self.expr(u)?,
                    None => self.load_const(Value::None),
                }
                if let Some(st) = &s.step {
                    self.expr(st)?;
                    n = 3;
                }
                self.emit(Instr::BuildSlice(n));
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Instr::Binary(binop(b.op)));
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.emit(Instr::Unary(match u.op {
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                }));
            }
            Expr::BoolOp(b) => {
                let end = self.label();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < b.values.len() {
                        match b.op {
                            ast::BoolOp::And => self.emit(Instr::JumpIfFalseOrPop(end)),
                            ast::BoolOp::Or => self.emit(Instr::JumpIfTrueOrPop(end)),
                        };
                    }
                }
                self.bind(end);
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::If(i) => {
                let orelse = self.label();
                let end = self.label();
                self.expr(&i.test)?;
                self.emit(Instr::PopJumpIfFalse(orelse));
                self.expr(&i.body)?;
                self.emit(Instr::Jump(end));
                self.bind(orelse);
                self.expr(&i.orelse)?;
                self.bind(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Instr::Dup);
                if let Expr::Name(name) = &*n.target {
                    self.store_name(&name.id);
                }
            }
            Expr::Tuple(t) => {
                if t.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    self.starred_list(&t.elts)?;
                    self.emit(Instr::ListToTuple);
                } else if let Some(v) = self.constant_tuple(&t.elts) {
                    self.load_const(v);
                } else {
                    for e in &t.elts {
                        self.expr(e)?;
                    }
                    self.emit(Instr::BuildTuple(t.elts.len() as u32));
                }
            }
            Expr::List(l) => {
                if l.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    self.starred_list(&l.elts)?;
                } else {
                    for e in &l.elts {
                        self.expr(e)?;
                    }
                    self.emit(Instr::BuildList(l.elts.len() as u32));
                }
            }
            Expr::Set(s) => {
                if s.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    self.emit(Instr::BuildSet(0));
                    for e in &s.elts {
                        match e {
                            Expr::Starred(st) => {
                                self.expr(&st.value)?;
                                self.emit(Instr::SetUpdate);
                            }
                            other => {
                                self.expr(other)?;
                                self.emit(Instr::SetAdd(1));
                            }
                        }
                    }
                } else {
                    for e in &s.elts {
                        self.expr(e)?;
                    }
                    self.emit(Instr::BuildSet(s.elts.len() as u32));
                }
            }
            Expr::Dict(d) => {
                if d.items.iter().any(|i| i.key.is_none()) {
                    self.emit(Instr::BuildMap(0));
                    for item in &d.items {
                        match &item.key {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(&item.value)?;
                                self.emit(Instr::BuildMap(1));
                                self.emit(Instr::DictMerge);
                            }
                            None => {
                                self.expr(&item.value)?;
                                self.emit(Instr::DictMerge);
                            }
                        }
                    }
                } else {
                    for item in &d.items {
                        if let Some(k) = &item.key {
                            self.expr(k)?;
                        }
                        self.expr(&item.value)?;
                    }
                    self.emit(Instr::BuildMap(d.items.len() as u32));
                }
            }
            Expr::Call(c) => self.call(c)?,
            Expr::Lambda(l) => {
                let flags = match &l.parameters {
                    Some(p) => self.defaults(p)?,
                    None => 0,
                };
                let qualname = self.qualname("<lambda>");
                let line = self.line_of(l.range);
                self.enter(l.range, Arc::from("<lambda>"), qualname, CodeKind::Function, line);
                self.set_signature(l.parameters.as_deref());
                self.expr(&l.body)?;
                self.emit(Instr::Return);
                let code = self.leave();
                self.make_function(code, flags);
            }
            Expr::ListComp(c) => self.comprehension(c.range, "<listcomp>", &c.generators, Comp::List(&c.elt))?,
            Expr::SetComp(c) => self.comprehension(c.range, "<setcomp>", &c.generators, Comp::Set(&c.elt))?,
            Expr::DictComp(c) => match &c.key {
                Some(k) => self.comprehension(c.range, "<dictcomp>", &c.generators, Comp::Dict(k, &c.value))?,
                None => return Err(self.refuse("a dict comprehension without a key", c.range)),
            },
            Expr::Generator(c) => self.comprehension(c.range, "<genexpr>", &c.generators, Comp::Gen(&c.elt))?,
            Expr::Await(a) => {
                if !self.in_async_function() {
                    return Err(self.error("'await' outside async function", a.range));
                }
                self.expr(&a.value)?;
                self.await_top();
            }
            Expr::Yield(y) => {
                if !self.in_function() {
                    return Err(self.error("'yield' outside function", y.range));
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Value::None),
                }
                self.emit(Instr::Yield);
            }
            Expr::YieldFrom(y) => {
                if !self.in_function() {
                    return Err(self.error("'yield' outside function", y.range));
                }
                if self.in_async_function() {
                    return Err(self.error("'yield from' inside async function", y.range));
                }
                self.expr(&y.value)?;
                self.emit(Instr::GetYieldFromIter);
                self.load_const(Value::None);
                self.emit(Instr::YieldFrom);
            }
            Expr::Starred(s) => return Err(self.error("can't use starred expression here", s.range)),
            Expr::IpyEscapeCommand(c) => return Err(self.refuse("an IPython escape", c.range)),
        }
        Ok(())
    }

    fn constant_tuple(&self, elts: &[Expr]) -> Option<Value> {
        let mut out = Vec::with_capacity(elts.len());
        for e in elts {
            out.push(match e {
                Expr::NumberLiteral(ast::ExprNumberLiteral { value: ast::Number::Int(i), .. }) => Value::Int(i.as_u64().filter(|u| *u <= i64::MAX as u64)? as i64),
                Expr::NumberLiteral(ast::ExprNumberLiteral { value: ast::Number::Float(f), .. }) => Value::Float(*f),
                Expr::StringLiteral(s) => Value::str(s.value.to_str()),
                Expr::BooleanLiteral(b) => Value::Bool(b.value),
                Expr::NoneLiteral(_) => Value::None,
                _ => return None,
            });
        }
        Some(Value::tuple(out))
    }

    /// `[a, *b, c]`: a list built piece by piece.
    fn starred_list(&mut self, elts: &'a [Expr]) -> Result<()> {
        self.emit(Instr::BuildList(0));
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(Instr::ListExtend);
                }
                other => {
                    self.expr(other)?;
                    self.emit(Instr::ListAppend(1));
                }
            }
        }
        Ok(())
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> Result<()> {
        self.expr(&c.left)?;
        let n = c.ops.len();
        let cleanup = self.label();
        let end = self.label();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            self.expr(right)?;
            if i + 1 < n {
                self.emit(Instr::Dup);
                self.emit(Instr::Rot3);
            }
            self.emit(match op {
                ast::CmpOp::Eq => Instr::Compare(CmpOp::Eq),
                ast::CmpOp::NotEq => Instr::Compare(CmpOp::Ne),
                ast::CmpOp::Lt => Instr::Compare(CmpOp::Lt),
                ast::CmpOp::LtE => Instr::Compare(CmpOp::Le),
                ast::CmpOp::Gt => Instr::Compare(CmpOp::Gt),
                ast::CmpOp::GtE => Instr::Compare(CmpOp::Ge),
                ast::CmpOp::Is => Instr::Is(false),
                ast::CmpOp::IsNot => Instr::Is(true),
                ast::CmpOp::In => Instr::Contains(false),
                ast::CmpOp::NotIn => Instr::Contains(true),
            });
            if i + 1 < n {
                self.emit(Instr::JumpIfFalseOrPop(cleanup));
            }
        }
        if n > 1 {
            self.emit(Instr::Jump(end));
            self.bind(cleanup);
            self.emit(Instr::Rot2);
            self.emit(Instr::Pop);
            self.bind(end);
        }
        Ok(())
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> Result<()> {
        // `super()` is `super(__class__, first_argument)`, as CPython's compiler arranges it.
        if let Expr::Name(n) = &*c.func {
            if &*n.id == "super" && c.arguments.args.is_empty() && c.arguments.keywords.is_empty() && self.cell_index("__class__").is_some() {
                let first = self.units.last().and_then(|u| if u.argcount > 0 { u.varnames.first().cloned() } else { None });
                if let Some(first) = first {
                    self.load_name("super");
                    let i = self.cell_index("__class__").unwrap_or(0);
                    self.emit(Instr::LoadDeref(i));
                    self.load_name(&first);
                    self.set_line(c.range());
                    self.emit(Instr::Call(2));
                    return Ok(());
                }
            }
        }
        self.expr(&c.func)?;
        let args = &c.arguments;
        let starred = args.args.iter().any(|a| matches!(a, Expr::Starred(_))) || args.keywords.iter().any(|k| k.arg.is_none());
        if starred {
            self.starred_list(&args.args)?;
            self.emit(Instr::ListToTuple);
            let has_kw = !args.keywords.is_empty();
            if has_kw {
                self.emit(Instr::BuildMap(0));
                for k in args.keywords.iter() {
                    match &k.arg {
                        Some(name) => {
                            self.load_const(Value::str(&name.id));
                            self.expr(&k.value)?;
                            self.emit(Instr::BuildMap(1));
                            self.emit(Instr::DictMerge);
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Instr::DictMerge);
                        }
                    }
                }
            }
            self.set_line(c.range());
            self.emit(Instr::CallEx(has_kw));
            return Ok(());
        }
        for a in args.args.iter() {
            self.expr(a)?;
        }
        if args.keywords.is_empty() {
            self.set_line(c.range());
            self.emit(Instr::Call(args.args.len() as u32));
        } else {
            let mut names = Vec::new();
            for k in args.keywords.iter() {
                self.expr(&k.value)?;
                names.push(Value::str(k.arg.as_ref().map(|a| a.id.as_str()).unwrap_or("")));
            }
            self.load_const(Value::tuple(names));
            self.set_line(c.range());
            self.emit(Instr::CallKw((args.args.len() + args.keywords.len()) as u32));
        }
        Ok(())
    }

    fn fstring(&mut self, f: &'a ast::ExprFString) -> Result<()> {
        let mut n = 0;
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => {
                    self.load_const(Value::str(&s.value));
                    n += 1;
                }
                ast::FStringPart::FString(fs) => {
                    n += self.fstring_elements(&fs.elements)?;
                }
            }
        }
        if n != 1 {
            self.emit(Instr::BuildString(n));
        }
        Ok(())
    }

    fn fstring_elements(&mut self, elements: &'a ast::InterpolatedStringElements) -> Result<u32> {
        let mut n = 0;
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    self.load_const(Value::str(&l.value));
                    n += 1;
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let mut conversion = match i.conversion {
                        ast::ConversionFlag::None => Conversion::None,
                        ast::ConversionFlag::Str => Conversion::Str,
                        ast::ConversionFlag::Repr => Conversion::Repr,
                        ast::ConversionFlag::Ascii => Conversion::Ascii,
                    };
                    if let Some(d) = &i.debug_text {
                        // `{x=}` prints the expression's text, then its repr unless a spec is given.
                        let text = format!("{}{}{}", d.leading(), &self.source[i.expression.range()], d.trailing());
                        self.load_const(Value::str(&text));
                        n += 1;
                        if conversion == Conversion::None && i.format_spec.is_none() {
                            conversion = Conversion::Repr;
                        }
                    }
                    self.expr(&i.expression)?;
                    let has_spec = match &i.format_spec {
                        Some(spec) => {
                            let k = self.fstring_elements(&spec.elements)?;
                            if k != 1 {
                                self.emit(Instr::BuildString(k));
                            }
                            if k == 0 {
                                self.load_const(Value::str(""));
                            }
                            true
                        }
                        None => false,
                    };
                    self.emit(Instr::FormatValue(conversion, has_spec));
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    fn comprehension(&mut self, range: TextRange, name: &str, generators: &'a [ast::Comprehension], comp: Comp<'a>) -> Result<()> {
        // `async for` in it, or an `await` (inside an `async def`), makes it a coroutine that the
        // enclosing code awaits, as in CPython.
        let is_async = generators.iter().any(|g| g.is_async) || comp_awaits(generators, &comp);
        if is_async && !self.in_async_function() {
            return Err(self.error("asynchronous comprehension outside of an asynchronous function", range));
        }
        if is_async && matches!(comp, Comp::Gen(_)) {
            return Err(self.refuse("asynchronous generator expressions", range));
        }
        let kind = match (&comp, is_async) {
            (Comp::Gen(_), _) => CodeKind::Generator,
            (_, true) => CodeKind::Coroutine,
            _ => CodeKind::Function,
        };
        let qualname = self.qualname(name);
        let line = self.line_of(range);
        self.enter(range, Arc::from(name), qualname, kind, line);
        self.unit().argcount = 1;
        match comp {
            Comp::List(_) => {
                self.emit(Instr::BuildList(0));
            }
            Comp::Set(_) => {
                self.emit(Instr::BuildSet(0));
            }
            Comp::Dict(..) => {
                self.emit(Instr::BuildMap(0));
            }
            Comp::Gen(_) => {}
        }
        self.comp_generator(generators, 0, &comp)?;
        if matches!(comp, Comp::Gen(_)) {
            self.load_const(Value::None);
        }
        self.emit(Instr::Return);
        let code = self.leave();
        self.make_function(code, 0);
        self.expr(&generators[0].iter)?;
        self.emit(if generators[0].is_async { Instr::GetAIter } else { Instr::GetIter });
        self.set_line(range);
        self.emit(Instr::Call(1));
        if is_async {
            self.await_top();
        }
        Ok(())
    }

    fn comp_generator(&mut self, generators: &'a [ast::Comprehension], i: usize, comp: &Comp<'a>) -> Result<()> {
        let g = &generators[i];
        let head = self.label();
        let exit = self.label();
        if i == 0 {
            let dot0 = self.var_index(".0");
            self.emit(Instr::LoadFast(dot0));
        } else {
            self.expr(&g.iter)?;
            self.emit(if g.is_async { Instr::GetAIter } else { Instr::GetIter });
        }
        self.bind(head);
        let handler = self.label();
        if g.is_async {
            self.emit(Instr::SetupExcept(handler));
            self.emit(Instr::GetANext);
            self.load_const(Value::None);
            self.emit(Instr::YieldFrom);
            self.emit(Instr::PopBlock);
        } else {
            self.emit(Instr::ForIter(exit));
        }
        self.store(&g.target)?;
        for cond in &g.ifs {
            self.expr(cond)?;
            self.emit(Instr::PopJumpIfFalse(head));
        }
        if i + 1 < generators.len() {
            self.comp_generator(generators, i + 1, comp)?;
        } else {
            let depth = (i + 2) as u32;
            match comp {
                Comp::List(e) => {
                    self.expr(e)?;
                    self.emit(Instr::ListAppend(depth));
                }
                Comp::Set(e) => {
                    self.expr(e)?;
                    self.emit(Instr::SetAdd(depth));
                }
                Comp::Dict(k, v) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Instr::MapAdd(depth));
                }
                Comp::Gen(e) => {
                    self.expr(e)?;
                    self.emit(Instr::Yield);
                    self.emit(Instr::Pop);
                }
            }
        }
        self.emit(Instr::Jump(head));
        if g.is_async {
            self.bind(handler);
            self.emit(Instr::EndAsyncFor(exit));
        }
        self.bind(exit);
        Ok(())
    }
}

/// Whether a comprehension awaits anywhere but in its first iterable (which runs outside it).
fn comp_awaits(generators: &[ast::Comprehension], comp: &Comp<'_>) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Finder(bool);
    impl<'b> Visitor<'b> for Finder {
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Await(_) => self.0 = true,
                Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    let mut f = Finder(false);
    for (i, g) in generators.iter().enumerate() {
        if i > 0 {
            f.visit_expr(&g.iter);
        }
        for c in &g.ifs {
            f.visit_expr(c);
        }
    }
    match comp {
        Comp::List(e) | Comp::Set(e) | Comp::Gen(e) => f.visit_expr(e),
        Comp::Dict(k, v) => {
            f.visit_expr(k);
            f.visit_expr(v);
        }
    }
    f.0
}

/// What is done with a name; each has one instruction per kind of place.
#[derive(Clone, Copy)]
enum NameOp {
    Load,
    Store,
    Delete,
}

impl NameOp {
    /// The instructions for a fast local, a cell, a global and a namespace name.
    fn instrs(self) -> [fn(u32) -> Instr; 4] {
        match self {
            NameOp::Load => [Instr::LoadFast, Instr::LoadDeref, Instr::LoadGlobal, Instr::LoadName],
            NameOp::Store => [Instr::StoreFast, Instr::StoreDeref, Instr::StoreGlobal, Instr::StoreName],
            NameOp::Delete => [Instr::DeleteFast, Instr::DeleteDeref, Instr::DeleteGlobal, Instr::DeleteName],
        }
    }
}

enum Comp<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Gen(&'a Expr),
}

fn same_block(a: &FBlock<'_>, b: &FBlock<'_>) -> bool {
    match (a, b) {
        (FBlock::Finally { body: x }, FBlock::Finally { body: y }) => std::ptr::eq(*x, *y),
        _ => false,
    }
}

/// Constants are shared by value, but `1`, `1.0` and `True` must stay distinct.
fn same_const(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::None, Value::None) => true,
        _ => false,
    }
}

/// An int literal too large for 64 bits, from its source text (`0x`, `0o`, `0b`, underscores).
fn parse_big_literal(text: &str) -> BigInt {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d.to_string(), 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d.to_string(), 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix).unwrap_or_default()
}
