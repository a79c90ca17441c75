//! Syntax errors in CPython's words.
//!
//! Ruff's parser recovers from errors and describes them its own way; learners compare what the
//! page says with what `python3` says, so the common cases are translated to CPython's messages.
//! Anything not translated yet says `invalid syntax`, which is what CPython says most often.

use ruff_python_parser::{ParseError, ParseErrorType};

use super::compiler::{CompileError, LineIndex};

pub fn parse_error(source: &str, index: &LineIndex, e: &ParseError) -> CompileError {
    let start: u32 = e.location.start().into();
    let line = index.line(start);
    let column = index.column(source, start);
    let text = index.line_text(source, line).to_string();
    let raw = e.error.to_string();
    let (kind, message) = translate(&e.error, &raw);
    CompileError { kind, message, line, column, end_column: column + 1, text }
}

fn translate(e: &ParseErrorType, raw: &str) -> (&'static str, String) {
    let lower = raw.to_lowercase();
    if lower.contains("indent") {
        if lower.contains("unexpected") {
            return ("IndentationError", "unexpected indent".into());
        }
        if lower.contains("expected an indented block") {
            return ("IndentationError", "expected an indented block".into());
        }
        return ("IndentationError", "unindent does not match any outer indentation level".into());
    }
    if matches!(e, ParseErrorType::EmptySlice) {
        return ("SyntaxError", "invalid syntax".into());
    }
    ("SyntaxError", "invalid syntax".into())
}
