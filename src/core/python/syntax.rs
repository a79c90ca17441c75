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
    if let Some((from, to)) = forgotten_comma(source, start as usize) {
        let mut err = at(source, index, from as u32, "SyntaxError", "invalid syntax. Perhaps you forgot a comma?".into());
        if index.line(to as u32) == err.line {
            err.end_column = index.column(source, to as u32);
        }
        return err;
    }
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
                i = string_end(b, i, c);
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

/// CPython's "Perhaps you forgot a comma?": inside brackets, two expressions with nothing between
/// them (`print(x  2)`, `[1, 2 3]`). Returns the span CPython underlines, from the start of the
/// first expression to the end of the second, when the error at `at` is such a case.
///
/// The expressions are found by their shape (names, numbers, strings, attribute chains, calls and
/// subscripts), not by parsing; an operator before the first one (`a + b c`) makes CPython start
/// the span earlier than this does, which only moves the carets.
fn forgotten_comma(source: &str, at: usize) -> Option<(usize, usize)> {
    if at >= source.len() || bracket_depth(source, at) == 0 {
        return None;
    }
    let b = source.as_bytes();
    let mut before = at;
    while before > 0 && (b[before - 1] == b' ' || b[before - 1] == b'\t') {
        before -= 1;
    }
    if before == at || before == 0 {
        return None;
    }
    let first = expression_before(b, before)?;
    let second_end = expression_after(b, at)?;
    let first_text = &source[first..before];
    // `print x` and `exec x` are the legacy statements, which CPython explains otherwise; a keyword
    // (`x if y`, `a and b`, `lambda x`) is no expression.
    let keyword = |w: &str| matches!(w, "print" | "exec" | "if" | "else" | "and" | "or" | "not" | "in" | "is" | "for" | "lambda" | "await" | "async" | "yield" | "from" | "import" | "as" | "return" | "del" | "assert" | "raise" | "pass" | "def" | "class" | "while" | "with" | "try" | "except" | "finally" | "global" | "nonlocal" | "elif" | "break" | "continue");
    let second_text = &source[at..second_end];
    if keyword(first_text) || keyword(second_text) || first_text.rsplit(|c: char| !c.is_alphanumeric() && c != '_').next().is_some_and(keyword) {
        return None;
    }
    // After `lambda`, `as` or `import` a name is a parameter or a target, not an expression.
    let word_before = source[..first].trim_end().rsplit(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or("");
    if matches!(word_before, "lambda" | "as" | "import" | "from" | "def" | "class" | "global" | "nonlocal") {
        return None;
    }
    Some((first, second_end))
}

/// How many brackets are open at byte `at` (strings and comments skipped).
fn bracket_depth(source: &str, at: usize) -> usize {
    let b = source.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < at.min(b.len()) {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'"' | b'\'') => {
                i = string_end(b, i, q);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    depth
}

/// The byte after the string literal that opens at `i` with quote `q`.
fn string_end(b: &[u8], mut i: usize, q: u8) -> usize {
    let triple = i + 2 < b.len() && b[i + 1] == q && b[i + 2] == q;
    let n = if triple { 3 } else { 1 };
    i += n;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if !triple && b[i] == b'\n' {
            return i;
        }
        if b[i] == q && (!triple || (i + 2 < b.len() && b[i + 1] == q && b[i + 2] == q)) {
            return i + n;
        }
        i += 1;
    }
    b.len()
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Where the expression that ends at `end` starts: a chain of names, numbers, `.attr`, calls and
/// subscripts, or adjacent string literals. `None` when what ends there is no expression.
fn expression_before(b: &[u8], end: usize) -> Option<usize> {
    let mut i = end;
    loop {
        let c = *b.get(i.checked_sub(1)?)?;
        let piece_start = if is_word(c) {
            let mut j = i;
            while j > 0 && (is_word(b[j - 1]) || (b[j - 1] == b'.' && j >= 2 && b[j - 2].is_ascii_digit())) {
                j -= 1;
            }
            j
        } else if matches!(c, b')' | b']' | b'}') {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                j = j.checked_sub(1)?;
                match b[j] {
                    b')' | b']' | b'}' => depth += 1,
                    b'(' | b'[' | b'{' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            j
        } else if c == b'"' || c == b'\'' {
            let mut j = i - 1;
            while j > 0 && b[j - 1] != c {
                j -= 1;
            }
            j.checked_sub(1)?
        } else {
            return (i < end).then_some(i);
        };
        i = piece_start;
        // Go on through `.`, a call or subscript's name, and strings that concatenate.
        if i > 0 && b[i - 1] == b'.' {
            i -= 1;
            continue;
        }
        if i > 0 && (is_word(b[i - 1]) || matches!(b[i - 1], b')' | b']')) && matches!(b[i], b'(' | b'[') {
            continue;
        }
        let mut k = i;
        while k > 0 && b[k - 1] == b' ' {
            k -= 1;
        }
        if matches!(b[i], b'"' | b'\'') && k > 0 && matches!(b[k - 1], b'"' | b'\'') {
            i = k;
            continue;
        }
        return Some(i);
    }
}

/// Where the expression that starts at `start` ends (the same shapes as [`expression_before`]).
fn expression_after(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    loop {
        let c = *b.get(i)?;
        if is_word(c) {
            while i < b.len() && (is_word(b[i]) || (b[i] == b'.' && i + 1 < b.len() && b[i + 1].is_ascii_digit() && b[i - 1].is_ascii_digit())) {
                i += 1;
            }
        } else if matches!(c, b'(' | b'[' | b'{') {
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    q @ (b'"' | b'\'') => {
                        i = string_end(b, i, q);
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
        } else if c == b'"' || c == b'\'' {
            i = string_end(b, i, c);
        } else {
            return (i > start).then_some(i);
        }
        match b.get(i) {
            Some(b'.') => i += 1,
            Some(b'(' | b'[') => {}
            _ => return Some(i),
        }
    }
}
