//! What an uncaught exception prints: CPython's traceback, chained exceptions included.

use std::fmt::Write as _;

use super::compiler::CompileError;
use super::value::Value;
use super::vm::Vm;

/// `Type: message`, the last line of a traceback (`__main__.MyError` for the learner's classes).
pub fn exception_line(vm: &mut Vm, exc: &Value) -> String {
    let class = vm.class_of(exc);
    // CPython names the module of an exception class, except for builtins and `__main__`.
    let name = if class.module == "builtins" || class.module == "__main__" { class.qualname.clone() } else { format!("{}.{}", class.module, class.qualname) };
    let msg = vm.str_of(exc).unwrap_or_else(|_| "<exception str() failed>".into());
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

fn attr(exc: &Value, name: &str) -> Option<Value> {
    match exc {
        Value::Instance(i) => i.dict.lock().get(name).cloned().filter(|v| !v.is_none()),
        _ => None,
    }
}

/// The whole text CPython writes to stderr for an uncaught exception.
pub fn format_exception(vm: &mut Vm, exc: &Value, source_of: &dyn Fn(&str, u32) -> Option<String>) -> String {
    let mut out = String::new();
    let mut seen = Vec::new();
    write_chain(vm, exc, source_of, &mut out, &mut seen);
    out
}

fn write_chain(vm: &mut Vm, exc: &Value, source_of: &dyn Fn(&str, u32) -> Option<String>, out: &mut String, seen: &mut Vec<usize>) {
    seen.push(exc.identity());
    let suppress = matches!(attr(exc, "__suppress_context__"), Some(Value::Bool(true)));
    if let Some(cause) = attr(exc, "__cause__") {
        if !seen.contains(&cause.identity()) {
            write_chain(vm, &cause, source_of, out, seen);
            out.push_str("\nThe above exception was the direct cause of the following exception:\n\n");
        }
    } else if let Some(ctx) = attr(exc, "__context__").filter(|_| !suppress) {
        if !seen.contains(&ctx.identity()) {
            write_chain(vm, &ctx, source_of, out, seen);
            out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
        }
    }
    let entries = match exc {
        Value::Instance(i) => i.traceback.lock().clone(),
        _ => Vec::new(),
    };
    if !entries.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
    }
    // Frames of the modules we write in Python (`<asyncio>`, `<contextvars>`) are left out: CPython
    // shows its own standard library's frames there, whose lines ours could not match anyway.
    for e in entries.iter().rev().filter(|e| !e.filename.starts_with('<')) {
        let _ = writeln!(out, "  File \"{}\", line {}, in {}", e.filename, e.line, e.name);
        if let Some(src) = source_of(&e.filename, e.line) {
            let _ = writeln!(out, "    {}", src.trim());
        }
    }
    out.push_str(&exception_line(vm, exc));
    out.push('\n');
}

/// CPython's display of a syntax error.
pub fn format_syntax_error(filename: &str, e: &CompileError) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  File \"{}\", line {}", filename, e.line);
    let trimmed = e.text.trim_start();
    let indent = e.text.chars().count() - trimmed.chars().count();
    if !trimmed.is_empty() {
        let _ = writeln!(out, "    {}", trimmed.trim_end());
        let col = (e.column as usize).saturating_sub(1).saturating_sub(indent);
        let width = (e.end_column.saturating_sub(e.column)).max(1) as usize;
        let _ = writeln!(out, "    {}{}", " ".repeat(col), "^".repeat(width));
    }
    let _ = writeln!(out, "{}: {}", e.kind, e.message);
    out
}
