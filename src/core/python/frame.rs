//! A frame: one running call of a code object, kept on the heap.
//!
//! Nothing about a frame lives on the Rust stack, so a frame (or a stack of them) can be put aside
//! at any instruction and resumed later: that is how generators and coroutines suspend, how an
//! `await` hands the event loop back, and how the VM gives the page back every few milliseconds.

use std::sync::Arc;

use super::bytecode::Code;
use super::dict::Dict;
use super::value::{Cell, Shared, Value};

/// A handler set up by `SetupExcept`, or the marker of a handler that is running.
#[derive(Clone, Copy, Debug)]
pub enum Block {
    /// An exception inside jumps to `handler`, with the stack cut back to `depth` first.
    Except { handler: u32, depth: usize },
    /// A handler is running: leaving it (normally or by an exception) ends the exception's
    /// "being handled" state.
    Handler,
}

pub struct Frame {
    pub code: Arc<Code>,
    pub ip: usize,
    pub stack: Vec<Value>,
    pub fast: Vec<Option<Value>>,
    /// Cell variables, then free variables (from the function's closure).
    pub cells: Vec<Cell>,
    pub globals: Arc<Shared<Dict>>,
    /// The namespace of a module or class body (the module's is its globals).
    pub locals: Option<Arc<Shared<Dict>>>,
    pub blocks: Vec<Block>,
    /// Exceptions being handled in this frame, innermost last: the implicit `__context__` of a
    /// new exception, and what a bare `raise` re-raises.
    pub handling: Vec<Value>,
}

impl Frame {
    pub fn new(code: Arc<Code>, globals: Arc<Shared<Dict>>, locals: Option<Arc<Shared<Dict>>>) -> Frame {
        let nfast = code.varnames.len();
        let cells = code.cellvars.iter().map(|_| Arc::new(Shared::new(None))).collect();
        Frame { code, ip: 0, stack: Vec::with_capacity(8), fast: vec![None; nfast], cells, globals, locals, blocks: Vec::new(), handling: Vec::new() }
    }

    /// The line being run: the line of the last instruction started.
    pub fn line(&self) -> u32 {
        let i = self.ip.saturating_sub(1);
        self.code.lines.get(i).copied().unwrap_or(self.code.first_line)
    }
}
