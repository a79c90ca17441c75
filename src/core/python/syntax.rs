//! Syntax errors in CPython's words.
//!
//! Ruff's parser recovers from errors and describes them its own way; learners compare what the
//! page says with what `python3` says, so the common cases are put in CPython's words, at the
//! place CPython points to. Brackets are checked first, as CPython's tokenizer does: an unclosed
//! `(` is reported at the `(`, not where the parser later gets lost. Anything not translated says
//! `invalid syntax`, which is what CPython says most often.

use ruff_python_parser::{LexicalErrorType, ParseError, ParseErrorType};
use ruff_python_ast::token::TokenKind;

use super::compiler::{CompileError, LineIndex};

pub fn parse_error(source: &str, index: &LineIndex, e: &ParseError) -> CompileError {
    if let Some((kind, message, offset)) = bracket_problem(source) {
        return at(source, index, offset, kind, message);
    }
    let start: u32 = e.location.start().into();
    let end: u32 = e.location.end().into();
    let line = index.line(start);
    let line_text = index.line_text(source, line);
    let target = source.get(start as usize..end as usize).unwrap_or("");
    let (kind, message) = match &e.error {
        ParseErrorType::Lexical(LexicalErrorType::UnclosedStringError) => {
            let triple = target.starts_with("\"\"\"") || target.starts_with("'''");
            let what = if triple { "unterminated triple-quoted string literal" } else { "unterminated string literal" };
            ("SyntaxError", format!("{what} (detected at line {line})"))
        }
        ParseErrorType::Lexical(LexicalErrorType::IndentationError) => {
            if mixes_tabs_and_spaces(source) {
                ("TabError", "inconsistent use of tabs and spaces in indentation".into())
            } else {
                ("IndentationError", "unindent does not match any outer indentation level".into())
            }
        }
        ParseErrorType::UnexpectedIndentation => ("IndentationError", "unexpected indent".into()),
        ParseErrorType::OtherError(msg) if msg.starts_with("Expected an indented block after") => {
            let what = msg.trim_start_matches("Expected an indented block after ").replace('`', "'");
            let header = previous_code_line(source, index, line);
            ("IndentationError", format!("expected an indented block after {what} on line {header}"))
        }
        ParseErrorType::ExpectedToken { expected: TokenKind::Colon, found: TokenKind::Equal } => {
            ("SyntaxError", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".into())
        }
        ParseErrorType::ExpectedToken { expected: TokenKind::Colon, .. } => ("SyntaxError", "expected ':'".into()),
        ParseErrorType::InvalidAssignmentTarget => {
            let what = assigned_kind(target);
            ("SyntaxError", format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?"))
        }
        ParseErrorType::SimpleStatementsOnSameLine if is_print_statement(line_text) => {
            ("SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?".into())
        }
        _ => ("SyntaxError", "invalid syntax".into()),
    };
    at(source, index, start, kind, message)
}

fn at(source: &str, index: &LineIndex, offset: u32, kind: &'static str, message: String) -> CompileError {
    let line = index.line(offset);
    let column = index.column(source, offset);
    CompileError { kind, message, line, column, end_column: column + 1, text: index.line_text(source, line).to_string() }
}

/// The line of the last line of code before `line` (the header of a block missing its body).
fn previous_code_line(source: &str, index: &LineIndex, line: u32) -> u32 {
    let mut l = line.saturating_sub(1);
    while l > 1 {
        let t = index.line_text(source, l).trim();
        if !t.is_empty() && !t.starts_with('#') {
            break;
        }
        l -= 1;
    }
    let _ = source;
    l.max(1)
}

fn assigned_kind(target: &str) -> &'static str {
    let t = target.trim();
    let first = t.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() || first == '"' || first == '\'' || matches!(t, "True" | "False" | "None" | "...") {
        "literal"
    } else if t.ends_with(')') {
        "function call"
    } else {
        "expression"
    }
}

fn is_print_statement(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("print ") && !t["print ".len()..].trim_start().starts_with('(') && !t["print ".len()..].trim_start().starts_with('=')
}

/// Whether the file indents some lines with tabs and others with spaces.
fn mixes_tabs_and_spaces(source: &str) -> bool {
    let mut tabs = false;
    let mut spaces = false;
    for l in source.lines() {
        let indent: String = l.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        if l.trim().is_empty() {
            continue;
        }
        tabs |= indent.contains('\t');
        spaces |= indent.contains(' ');
    }
    tabs && spaces
}

/// CPython's tokenizer checks brackets before the parser runs: an unmatched closer, a closer that
/// does not match, or an opener never closed. Strings and comments are skipped.
fn bracket_problem(source: &str) -> Option<(&'static str, String, u32)> {
    let b = source.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                let triple = i + 2 < b.len() && b[i + 1] == c && b[i + 2] == c;
                let q = if triple { 3 } else { 1 };
                i += q;
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if !triple && b[i] == b'\n' {
                        break;
                    }
                    if b[i] == c && (!triple || (i + 2 < b.len() && b[i + 1] == c && b[i + 2] == c)) {
                        i += q;
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => stack.push((c, i)),
            b')' | b']' | b'}' => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    None => return Some(("SyntaxError", format!("unmatched '{}'", c as char), i as u32)),
                    Some((o, _)) if o != open => {
                        return Some(("SyntaxError", format!("closing parenthesis '{}' does not match opening parenthesis '{}'", c as char, o as char), i as u32));
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.first().map(|(o, at)| ("SyntaxError", format!("'{}' was never closed", *o as char), *at as u32))
}
