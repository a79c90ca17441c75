//! Where each name lives: the symbol-table pass that runs before code generation.
//!
//! Python decides a name's scope from the whole function body at once: a name assigned anywhere in
//! a function is local everywhere in it (hence `UnboundLocalError`), `global` and `nonlocal` say
//! otherwise, and a local that an inner function uses becomes a cell shared with it. Class bodies
//! and the module use a namespace dict instead of fast locals, and a class body's names are not
//! visible to the methods defined in it.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    /// A lambda or comprehension: a function as far as scoping goes.
    Lambda,
    Comprehension,
}

/// Where one name of a scope lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A fast local of a function.
    Local,
    /// A local of a function that an inner function captures.
    Cell,
    /// A variable of an enclosing function, reached through a cell.
    Free,
    /// Declared `global`, or never assigned in any enclosing function.
    Global,
    /// In the namespace dict of a module or class body.
    Name,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub places: HashMap<String, Place>,
    /// Parameters in order (they are the first fast locals).
    pub params: Vec<String>,
    /// Whether the body contains `yield`: a generator (or, in an `async def`, an async generator).
    pub is_generator: bool,
    /// A function that uses `super` or `__class__` inside a class body gets a `__class__` cell.
    pub needs_class_cell: bool,
    /// Locals in the order they were first seen: a stable order for `co_varnames`.
    pub order: Vec<String>,
}

/// The scopes of a module, keyed by the range of the node that opens each one.
pub struct ScopeTable {
    pub scopes: HashMap<TextRange, Scope>,
}

/// What the first pass records for one scope before names are resolved.
struct Raw {
    kind: ScopeKind,
    range: TextRange,
    parent: Option<usize>,
    assigned: Vec<String>,
    used: Vec<String>,
    globals: HashSet<String>,
    nonlocals: HashSet<String>,
    params: Vec<String>,
    is_generator: bool,
    uses_super: bool,
}

/// A problem found while resolving names (`nonlocal x` with no `x` around it, and the like).
#[derive(Debug)]
pub struct ScopeError {
    pub message: String,
    pub range: TextRange,
}

struct Collector {
    raws: Vec<Raw>,
    current: usize,
    errors: Vec<ScopeError>,
}

impl Collector {
    fn push(&mut self, kind: ScopeKind, range: TextRange) -> usize {
        let parent = if self.raws.is_empty() { None } else { Some(self.current) };
        self.raws.push(Raw {
            kind,
            range,
            parent,
            assigned: Vec::new(),
            used: Vec::new(),
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
            params: Vec::new(),
            is_generator: false,
            uses_super: false,
        });
        let id = self.raws.len() - 1;
        self.current = id;
        id
    }

    fn assign(&mut self, name: &str) {
        self.raws[self.current].assigned.push(name.to_string());
    }

    fn use_name(&mut self, name: &str) {
        if name == "super" || name == "__class__" {
            self.raws[self.current].uses_super = true;
        }
        self.raws[self.current].used.push(name.to_string());
    }

    fn params(&mut self, params: &ast::Parameters) {
        let raw = &mut self.raws[self.current];
        for p in params.posonlyargs.iter().chain(params.args.iter()) {
            raw.params.push(p.parameter.name.id.to_string());
        }
        for p in params.kwonlyargs.iter() {
            raw.params.push(p.parameter.name.id.to_string());
        }
        if let Some(v) = &params.vararg {
            raw.params.push(v.name.id.to_string());
        }
        if let Some(k) = &params.kwarg {
            raw.params.push(k.name.id.to_string());
        }
    }

    /// Defaults and annotations belong to the enclosing scope.
    fn param_defaults(&mut self, params: &ast::Parameters) {
        for p in params.posonlyargs.iter().chain(params.args.iter()).chain(params.kwonlyargs.iter()) {
            if let Some(d) = &p.default {
                self.visit_expr(d);
            }
        }
    }

    fn comprehension(&mut self, range: TextRange, generators: &[ast::Comprehension], elts: &[&Expr]) {
        // The first iterable is evaluated in the enclosing scope and passed in as `.0`.
        if let Some(first) = generators.first() {
            self.visit_expr(&first.iter);
        }
        let outer = self.current;
        self.push(ScopeKind::Comprehension, range);
        self.raws[self.current].params.push(".0".into());
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.visit_expr(&g.iter);
            }
            self.visit_expr(&g.target);
            for cond in &g.ifs {
                self.visit_expr(cond);
            }
        }
        for e in elts {
            self.visit_expr(e);
        }
        // A generator expression is a generator; the others run to the end at once.
        self.current = outer;
    }
}

impl<'a> Visitor<'a> for Collector {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                self.param_defaults(&f.parameters);
                self.assign(&f.name.id);
                let outer = self.current;
                self.push(ScopeKind::Function, f.range);
                self.params(&f.parameters);
                for s in &f.body {
                    self.visit_stmt(s);
                }
                self.current = outer;
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.visit_expr(&d.expression);
                }
                if let Some(args) = &c.arguments {
                    self.visit_arguments(args);
                }
                self.assign(&c.name.id);
                let outer = self.current;
                self.push(ScopeKind::Class, c.range);
                for s in &c.body {
                    self.visit_stmt(s);
                }
                self.current = outer;
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.raws[self.current].globals.insert(n.id.to_string());
                }
            }
            Stmt::Nonlocal(n) => {
                if self.raws[self.current].kind == ScopeKind::Module {
                    self.errors.push(ScopeError { message: "nonlocal declaration not allowed at module level".into(), range: n.range });
                }
                for name in &n.names {
                    self.raws[self.current].nonlocals.insert(name.id.to_string());
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let bound = match &a.asname {
                        Some(asname) => asname.id.to_string(),
                        None => a.name.id.split('.').next().unwrap_or("").to_string(),
                    };
                    self.assign(&bound);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let bound = a.asname.as_ref().unwrap_or(&a.name);
                    self.assign(&bound.id);
                }
            }
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.assign(&n.id);
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => match n.ctx {
                ExprContext::Load => self.use_name(&n.id),
                ExprContext::Store | ExprContext::Del => self.assign(&n.id),
                ExprContext::Invalid => {}
            },
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_defaults(p);
                }
                let outer = self.current;
                self.push(ScopeKind::Lambda, l.range);
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.visit_expr(&l.body);
                self.current = outer;
            }
            Expr::ListComp(c) => self.comprehension(c.range, &c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(c.range, &c.generators, &[&c.elt]),
            Expr::Generator(c) => {
                let outer = self.current;
                self.comprehension(c.range, &c.generators, &[&c.elt]);
                let id = self.raws.len() - 1;
                self.raws[id].is_generator = true;
                self.current = outer;
            }
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    elts.push(k);
                }
                elts.push(&c.value);
                self.comprehension(c.range, &c.generators, &elts)
            }
            Expr::Named(n) => {
                // The walrus binds in the nearest scope that is not a comprehension.
                let mut target = self.current;
                while self.raws[target].kind == ScopeKind::Comprehension {
                    match self.raws[target].parent {
                        Some(p) => target = p,
                        None => break,
                    }
                }
                if let Expr::Name(name) = &*n.target {
                    self.raws[target].assigned.push(name.id.to_string());
                    if target != self.current {
                        // Inside the comprehension it is a free variable of the function around it.
                        self.raws[self.current].nonlocals.insert(name.id.to_string());
                    }
                }
                self.visit_expr(&n.value);
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.raws[self.current].is_generator = true;
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Builds the scope table of a module's body.
pub fn analyse(body: &[Stmt], module_range: TextRange) -> Result<ScopeTable, ScopeError> {
    let mut c = Collector { raws: Vec::new(), current: 0, errors: Vec::new() };
    c.push(ScopeKind::Module, module_range);
    for s in body {
        c.visit_stmt(s);
    }
    if let Some(e) = c.errors.into_iter().next() {
        return Err(e);
    }
    resolve(c.raws)
}

fn is_function(kind: ScopeKind) -> bool {
    matches!(kind, ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension)
}

fn resolve(raws: Vec<Raw>) -> Result<ScopeTable, ScopeError> {
    let n = raws.len();
    // Locals of each function scope: parameters and assigned names not declared otherwise.
    let mut locals: Vec<HashSet<String>> = vec![HashSet::new(); n];
    for (i, r) in raws.iter().enumerate() {
        for name in r.params.iter().chain(r.assigned.iter()) {
            if !r.globals.contains(name) && !r.nonlocals.contains(name) {
                locals[i].insert(name.clone());
            }
        }
    }
    for (i, r) in raws.iter().enumerate() {
        for name in &r.globals {
            if r.params.contains(name) {
                return Err(ScopeError { message: format!("name '{name}' is parameter and global"), range: r.range });
            }
        }
        let _ = i;
    }
    let mut places: Vec<HashMap<String, Place>> = vec![HashMap::new(); n];
    let mut cells: Vec<HashSet<String>> = vec![HashSet::new(); n];
    let mut frees: Vec<HashSet<String>> = vec![HashSet::new(); n];
    let mut needs_class_cell = vec![false; n];

    // Finds the function scope that owns `name` for a free use in scope `i`, marking the path.
    let find_owner = |i: usize, name: &str, locals: &Vec<HashSet<String>>| -> Option<usize> {
        let mut cur = raws[i].parent;
        while let Some(p) = cur {
            if is_function(raws[p].kind) && locals[p].contains(name) && !raws[p].globals.contains(name) {
                return Some(p);
            }
            if raws[p].globals.contains(name) {
                return None;
            }
            cur = raws[p].parent;
        }
        None
    };

    for i in 0..n {
        let r = &raws[i];
        let mut names: Vec<&String> = r.params.iter().chain(r.assigned.iter()).chain(r.used.iter()).collect();
        names.extend(r.nonlocals.iter());
        for name in names {
            if places[i].contains_key(name) {
                continue;
            }
            let place = if r.globals.contains(name) {
                Place::Global
            } else if r.nonlocals.contains(name) {
                match find_owner(i, name, &locals) {
                    Some(_) => Place::Free,
                    None if r.kind == ScopeKind::Comprehension => Place::Global,
                    None => {
                        return Err(ScopeError { message: format!("no binding for nonlocal '{name}' found"), range: r.range });
                    }
                }
            } else if locals[i].contains(name) {
                if is_function(r.kind) {
                    Place::Local
                } else {
                    Place::Name
                }
            } else if find_owner(i, name, &locals).is_some() {
                Place::Free
            } else if is_function(r.kind) {
                Place::Global
            } else {
                Place::Name
            };
            places[i].insert(name.clone(), place);
            if place == Place::Free {
                frees[i].insert(name.clone());
            }
        }
        // `super()` in a method needs the class it was defined in: a `__class__` cell of the class
        // body, free in the method.
        if r.uses_super && is_function(r.kind) {
            let mut cur = r.parent;
            let mut path = vec![i];
            while let Some(p) = cur {
                if raws[p].kind == ScopeKind::Class {
                    needs_class_cell[p] = true;
                    for &s in &path {
                        frees[s].insert("__class__".into());
                        places[s].insert("__class__".into(), Place::Free);
                    }
                    break;
                }
                path.push(p);
                cur = raws[p].parent;
            }
        }
    }
    // Each free variable passes through the scopes between its use and its owner, which holds it
    // in a cell.
    for i in 0..n {
        let free: Vec<String> = frees[i].iter().cloned().collect();
        for name in free {
            if name == "__class__" {
                continue;
            }
            let mut cur = raws[i].parent;
            while let Some(p) = cur {
                if is_function(raws[p].kind) && locals[p].contains(&name) {
                    cells[p].insert(name.clone());
                    places[p].insert(name.clone(), Place::Cell);
                    break;
                }
                if is_function(raws[p].kind) {
                    frees[p].insert(name.clone());
                    places[p].entry(name.clone()).or_insert(Place::Free);
                    if places[p][&name] != Place::Cell {
                        places[p].insert(name.clone(), Place::Free);
                    }
                }
                cur = raws[p].parent;
            }
        }
    }
    for i in 0..n {
        if needs_class_cell[i] {
            places[i].insert("__class__".into(), Place::Cell);
        }
    }
    let mut scopes = HashMap::new();
    for (i, r) in raws.into_iter().enumerate() {
        let mut order = Vec::new();
        let mut seen = HashSet::new();
        for name in r.params.iter().chain(r.assigned.iter()).chain(r.used.iter()) {
            if seen.insert(name.clone()) {
                order.push(name.clone());
            }
        }
        scopes.insert(
            r.range,
            Scope {
                kind: r.kind,
                places: std::mem::take(&mut places[i]),
                params: r.params,
                is_generator: r.is_generator,
                needs_class_cell: needs_class_cell[i],
                order,
            },
        );
    }
    Ok(ScopeTable { scopes })
}

/// The range that keys a node's scope in the table.
pub fn key<T: Ranged>(node: &T) -> TextRange {
    node.range()
}
