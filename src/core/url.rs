//! The page's state in its URL: `?lesson=<id>&<param>=<value>&variant=<name>&lang=en|zh&embed=1&run=1`,
//! and `code=<base64url>` for a program the learner edited: the base64url (RFC 4648 §5, padding
//! optional) of its UTF-8 text, so that any tool can make such a link.
//!
//! Parsing is strict about what it cannot read (a broken `%` escape, bytes that are not UTF-8, a
//! name given twice, a value too long to be meant) and reports it as a problem for the page to
//! show; it never guesses. A page whose address has a problem does not follow `run=1`: the learner
//! sees what was wrong and chooses what to run.

use std::collections::HashMap;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::lesson::{quote, Lang, Lesson, Msg, Problem, MAX_VALUE_CHARS};

/// What a query string asks for. Parameters stay raw text: the lesson validates them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub lesson: Option<String>,
    /// A chapter's concept page (`?chapter=<key>`), shown instead of a lesson.
    pub chapter: Option<String>,
    pub variant: Option<String>,
    pub lang: Option<Lang>,
    /// The lesson alone, for an iframe in a course page: no lesson list, links open the full site.
    pub embed: bool,
    pub run: bool,
    /// The learner's own program (`code=`), decoded: it runs in place of the lesson's listing.
    pub code: Option<String>,
    /// Every other `name=value` pair, in the order given, repeats included: which names the
    /// lesson has (and so which repeats are ambiguous) is for [`lesson_params`] to say.
    pub params: Vec<(String, String)>,
}

/// The names the page itself reads; anything else is a lesson's parameter.
const RESERVED: [&str; 7] = ["lesson", "chapter", "variant", "lang", "run", "embed", "code"];

/// The longest program an address may carry, in bytes of its text. Browsers and servers refuse
/// addresses much beyond 64 KB; a listing of the curriculum is under 2 KB.
pub const MAX_CODE_BYTES: usize = 32 * 1024;

/// A program as `code=` carries it.
pub fn encode_code(source: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(source.as_bytes())
}

/// The program in a `code=` value, or why it cannot be read. Standard base64's `+` and `/` are
/// refused rather than guessed at: in an address `+` already means a space.
pub fn decode_code(value: &str) -> Result<String, Msg> {
    use base64::Engine as _;
    let trimmed = value.trim_end_matches('=');
    if trimmed.len() > MAX_CODE_BYTES * 4 / 3 + 4 {
        let kb = MAX_CODE_BYTES / 1024;
        return Err(Msg::new(
            format!("The program in the address (code=) is longer than {kb} KB; it was not loaded."),
            format!("地址中的程序（code=）超过 {kb} KB，未加载。"),
        ));
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(trimmed).map_err(|e| {
        Msg::new(
            format!("The program in the address (code=) is not base64url ({e}); it was not loaded."),
            format!("地址中的程序（code=）不是 base64url 编码（{e}），未加载。"),
        )
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Msg::new("The program in the address (code=) is not UTF-8 text; it was not loaded.", "地址中的程序（code=）不是 UTF-8 文本，未加载。")
    })
}

/// Characters left as they are in values we write: enough for ids, numbers and variant names.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

fn decode(part: &str) -> Result<String, Msg> {
    let bytes = part.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let ok = bytes.len() > i + 2 && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit();
            if !ok {
                let q = quote(part);
                return Err(Msg::new(format!("The address has a broken escape in “{q}”."), format!("地址中 “{q}” 含有无效的转义。")));
            }
        }
    }
    let spaced = part.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8().map(|c| c.into_owned()).map_err(|_| {
        let q = quote(part);
        Msg::new(format!("The address holds bytes that are not text in “{q}”."), format!("地址中 “{q}” 含有无法识别的字节。"))
    })
}

/// The refusal of a name or value longer than [`MAX_VALUE_CHARS`], quoting only its start.
fn too_long(k: &str, v: &str) -> Option<Msg> {
    let long = |s: &str| s.chars().count() > MAX_VALUE_CHARS;
    if long(k) {
        let (n, q) = (k.chars().count(), quote(k));
        return Some(Msg::new(
            format!("A name in the address is too long ({n} characters, at most {MAX_VALUE_CHARS}): “{q}”; it was ignored."),
            format!("地址中的一个名称太长（{n} 个字符，最多 {MAX_VALUE_CHARS} 个）：“{q}”，已忽略。"),
        ));
    }
    if long(v) {
        let (n, q, k) = (v.chars().count(), quote(v), quote(k));
        return Some(Msg::new(
            format!("The value of “{k}” in the address is too long ({n} characters, at most {MAX_VALUE_CHARS}): “{q}”; it was ignored."),
            format!("地址中 “{k}” 的值太长（{n} 个字符，最多 {MAX_VALUE_CHARS} 个）：“{q}”，已忽略。"),
        ));
    }
    None
}

/// “`name` is given `n` times (values…); give it once.”: the address does not say which it means.
fn repeated(name: &str, values: &[&str]) -> Problem {
    const SHOWN: usize = 3;
    let mut list: Vec<String> = values.iter().take(SHOWN).map(|v| quote(v)).collect();
    if values.len() > SHOWN {
        list.push("…".into());
    }
    let (n, list, name) = (values.len(), list.join(", "), quote(name));
    Problem::page(Msg::new(
        format!("“{name}” is given {n} times in the address ({list}); give it once. The first value is shown."),
        format!("地址中 “{name}” 出现了 {n} 次（{list}）；请只给一次。这里显示第一个值。"),
    ))
}

/// `pairs` grouped by name, names in the order they first appear.
fn grouped<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for (k, v) in pairs {
        match index.get(k) {
            Some(&i) => out[i].1.push(v),
            None => {
                index.insert(k, out.len());
                out.push((k, vec![v]));
            }
        }
    }
    out
}

/// The address's parameters that `lesson` has, each with its value, and what is wrong with the
/// rest: a name the lesson does not have is reported once for each time it is given (so a flood of
/// one name collapses into one counted message, see `lesson::counted`), and a name of the lesson
/// given more than once is ambiguous, so it is reported and its first value is shown.
pub fn lesson_params(lesson: &Lesson, params: &[(String, String)]) -> (Vec<(&'static str, String)>, Vec<Problem>) {
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for (k, vs) in grouped(params.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
        match lesson.param(k) {
            Some(p) => {
                if vs.len() > 1 {
                    problems.push(repeated(k, &vs));
                }
                values.push((p.name, vs[0].to_string()));
            }
            None => {
                let q = quote(k);
                let unknown = Problem::page(Msg::new(
                    format!("This lesson has no parameter “{q}”; it was ignored."),
                    format!("本课没有参数 “{q}”，已忽略。"),
                ));
                problems.extend(std::iter::repeat_n(unknown, vs.len()));
            }
        }
    }
    (values, problems)
}

/// Parses `location.search` (with or without the leading `?`).
pub fn parse_query(search: &str) -> (Query, Vec<Problem>) {
    let mut q = Query::default();
    let mut problems = Vec::new();
    let s = search.strip_prefix('?').unwrap_or(search);
    // The page's own names, each with every value it was given: a repeat is reported, not
    // resolved by taking whichever value came last.
    let mut own: HashMap<String, Vec<String>> = HashMap::new();
    let mut own_order: Vec<String> = Vec::new();
    for pair in s.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = match (decode(k), decode(v)) {
            (Ok(k), Ok(v)) => (k, v),
            (Err(m), _) | (_, Err(m)) => {
                problems.push(Problem::page(m));
                continue;
            }
        };
        if k == "code" {
            // A program is long by nature: it has a limit of its own, checked when decoded.
            if own.contains_key("code") {
                problems.push(Problem::page(Msg::new("“code” is given twice in the address; the first program is shown.", "地址中 “code” 出现了两次；这里显示第一个程序。")));
                continue;
            }
            own.insert(k.clone(), vec![String::new()]);
            match decode_code(&v) {
                Ok(code) => q.code = Some(code),
                Err(m) => problems.push(Problem::page(m)),
            }
            continue;
        }
        if let Some(m) = too_long(&k, &v) {
            problems.push(Problem::page(m));
            continue;
        }
        if RESERVED.contains(&k.as_str()) {
            let seen = own.entry(k.clone()).or_default();
            seen.push(v.clone());
            if seen.len() == 1 {
                own_order.push(k.clone());
            } else {
                // The first value counts, as for a lesson's parameters.
                continue;
            }
        }
        match k.as_str() {
            "lesson" => q.lesson = Some(v),
            "chapter" => q.chapter = Some(v),
            "variant" => q.variant = Some(v),
            "lang" => match Lang::parse(&v) {
                Some(l) => q.lang = Some(l),
                None => problems.push(Problem::page(Msg::new(
                    format!("Unknown language “{v}”: use lang=en or lang=zh."),
                    format!("未知语言 “{v}”：请用 lang=en 或 lang=zh。"),
                ))),
            },
            "run" => q.run = flag(&k, &v, &mut problems),
            "embed" => q.embed = flag(&k, &v, &mut problems),
            _ => q.params.push((k, v)),
        }
    }
    for k in own_order {
        let vs = &own[&k];
        if vs.len() > 1 {
            problems.push(repeated(&k, &vs.iter().map(String::as_str).collect::<Vec<_>>()));
        }
    }
    (q, problems)
}

/// A switch in the address: `1` or `true` turns it on, `0`, `false` or nothing leaves it off, and
/// anything else is reported rather than guessed at.
fn flag(key: &str, value: &str, problems: &mut Vec<Problem>) -> bool {
    match value {
        "1" | "true" => true,
        "" | "0" | "false" => false,
        _ => {
            problems.push(Problem::page(Msg::new(
                format!("“{key}={value}” is neither on nor off: use {key}=1 or {key}=0."),
                format!("“{key}={value}” 既不是开也不是关：请用 {key}=1 或 {key}=0。"),
            )));
            false
        }
    }
}

/// Writes a query string; `params` are written in the order given.
pub fn to_query(q: &Query) -> String {
    let enc = |s: &str| utf8_percent_encode(s, KEEP).to_string();
    let mut parts = Vec::new();
    if let Some(l) = &q.lesson {
        parts.push(format!("lesson={}", enc(l)));
    }
    if let Some(c) = &q.chapter {
        parts.push(format!("chapter={}", enc(c)));
    }
    for (k, v) in &q.params {
        parts.push(format!("{}={}", enc(k), enc(v)));
    }
    if let Some(v) = q.variant.as_deref().filter(|v| !v.is_empty()) {
        parts.push(format!("variant={}", enc(v)));
    }
    if let Some(l) = q.lang {
        parts.push(format!("lang={}", l.code()));
    }
    if let Some(code) = &q.code {
        parts.push(format!("code={}", encode_code(code)));
    }
    if q.embed {
        parts.push("embed=1".into());
    }
    if q.run {
        parts.push("run=1".into());
    }
    format!("?{}", parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(search: &str, lesson: Option<&str>, params: &[(&str, &str)], problems: usize) {
        let (q, p) = parse_query(search);
        assert_eq!(q.lesson.as_deref(), lesson, "{search}");
        let want: Vec<(String, String)> = params.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(q.params, want, "{search}");
        assert_eq!(p.len(), problems, "{search}: {p:?}");
    }

    #[test]
    fn parses_good_and_garbled_queries() {
        check("?lesson=semaphore-limit-2&limit=3&run=1", Some("semaphore-limit-2"), &[("limit", "3")], 0);
        check("lesson=a%2Db&x=%20", Some("a-b"), &[("x", " ")], 0);
        check("?%ZZ=1", None, &[], 1);
        check("?lesson=x&tasks=%E4%B8", Some("x"), &[], 1);
        check("?lang=fr", None, &[], 1);
        check("?&&lesson=&", Some(""), &[], 0);
        check("?lesson=x&run=yes", Some("x"), &[], 1);
        check("?lesson=x&embed=2", Some("x"), &[], 1);
        assert!(parse_query("?lesson=x&embed=true").0.embed);
        assert!(!parse_query("?lesson=x&embed=0&run=false").0.embed);
    }

    /// Every broken escape, wherever it is, is a problem and its pair is not taken.
    #[test]
    fn broken_escapes_anywhere_are_reported() {
        for bad in ["%", "%ZZ", "%2", "%E0%A4%A", "%C3%28", "1%", "%%41"] {
            check(&format!("?lesson=lock-counter&threads={bad}&run=1"), Some("lock-counter"), &[], 1);
            check(&format!("?lesson={bad}"), None, &[], 1);
            check(&format!("?{bad}=1&lesson=x"), Some("x"), &[], 1);
        }
    }

    /// `code=` carries a program as base64url of its UTF-8 text, both ways; what cannot be read is
    /// a problem, never a run of something else.
    #[test]
    fn code_in_the_address() {
        let program = "import asyncio\n\nasync def main():\n    print(\"你好\", 1 + 2)\n\nasyncio.run(main())\n";
        let q = Query { lesson: Some("hello-sleep-world".into()), code: Some(program.into()), run: true, ..Query::default() };
        let (back, problems) = parse_query(&to_query(&q));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back.code.as_deref(), Some(program));
        assert!(back.params.is_empty(), "code= is not a lesson parameter");
        // Made by any tool: Python's base64.urlsafe_b64encode keeps the padding.
        assert_eq!(parse_query("?code=cHJpbnQoMSk%3D").0.code.as_deref(), Some("print(1)"));
        assert_eq!(parse_query("?code=cHJpbnQoMSk=").0.code.as_deref(), Some("print(1)"));
        assert_eq!(parse_query("?code=cHJpbnQoMSk").0.code.as_deref(), Some("print(1)"));
        for (bad, says) in [("?code=%%%", "broken escape"), ("?code=a*b", "not base64url"), ("?code=_w", "not UTF-8"), ("?code=cHJp+bnQ", "not base64url")] {
            let (q, p) = parse_query(bad);
            assert_eq!(q.code, None, "{bad}");
            assert!(p.len() == 1 && p[0].msg.en.contains(says), "{bad}: {p:?}");
        }
        let huge = encode_code(&"x = 1\n".repeat(MAX_CODE_BYTES / 6 + 10));
        let (q, p) = parse_query(&format!("?code={huge}"));
        assert!(q.code.is_none() && p[0].msg.en.contains("longer than 32 KB"), "{p:?}");
        let (_, p) = parse_query("?code=eA&code=eQ");
        assert!(p.len() == 1 && p[0].msg.en.contains("given twice"), "{p:?}");
    }

    /// The page's own names given twice are reported with every value (the first is kept), not
    /// settled silently by the last one.
    #[test]
    fn repeated_page_names_are_reported() {
        let (q, p) = parse_query("?lesson=a&lesson=b&variant=x&run=1&variant=y");
        assert_eq!(q.lesson.as_deref(), Some("a"));
        assert_eq!(q.variant.as_deref(), Some("x"));
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].msg.en.contains("“lesson” is given 2 times") && p[0].msg.en.contains("(a, b)"), "{p:?}");
        assert!(p[1].msg.en.contains("“variant” is given 2 times"), "{p:?}");
        assert_eq!(parse_query("?run=1&run=1").1.len(), 1);
    }

    /// A lesson's parameter given twice is ambiguous; an unknown name is reported each time it is
    /// given, so that a flood of one name collapses into one counted message.
    #[test]
    fn repeated_lesson_params_are_reported() {
        let lesson = crate::core::lessons::find("asyncio-gather-fetch").expect("the lesson exists");
        let (q, p) = parse_query("?lesson=asyncio-gather-fetch&pages=6&pages=3&run=1");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(q.params.len(), 2, "both values are kept for lesson_params to judge");
        let (values, problems) = lesson_params(lesson, &q.params);
        assert_eq!(values, vec![("pages", "6".to_string())]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].msg.en.contains("“pages” is given 2 times in the address (6, 3)"), "{problems:?}");
        assert!(problems[0].msg.zh.contains("出现了 2 次"), "{problems:?}");

        let flood = format!("?lesson=say-hello{}", "&x=1".repeat(25_600));
        let (q, p) = parse_query(&flood);
        assert!(p.is_empty());
        let (values, problems) = lesson_params(crate::core::lessons::find("say-hello").expect("the lesson exists"), &q.params);
        assert!(values.is_empty());
        let shown = crate::core::lesson::counted(problems);
        assert_eq!(shown.len(), 1, "{:?}", &shown[..shown.len().min(3)]);
        assert_eq!(shown[0].1, 25_600);
        assert!(shown[0].0.msg.en.contains("no parameter “x”"));

        // Many values of one name: the message lists the first few, not all of them.
        let many: Vec<(String, String)> = (0..1000).map(|i| ("pages".to_string(), i.to_string())).collect();
        let (_, problems) = lesson_params(lesson, &many);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].msg.en.contains("given 1000 times") && problems[0].msg.en.len() < 200, "{problems:?}");
    }

    /// A name or value over MAX_VALUE_CHARS is refused, and the message quotes only its start.
    #[test]
    fn too_long_values_are_refused_with_a_short_quote() {
        let ok = "1".repeat(MAX_VALUE_CHARS);
        check(&format!("?lesson=x&n={ok}"), Some("x"), &[("n", ok.as_str())], 0);
        for search in [
            format!("?lesson=x&n={}", "9".repeat(MAX_VALUE_CHARS + 1)),
            format!("?lesson=x&n={}", "a".repeat(102_418)),
            format!("?lesson=x&{}=1", "k".repeat(100_000)),
            format!("?lesson={}", "é".repeat(MAX_VALUE_CHARS + 1)),
            format!("?lesson=x&variant={}", "%41".repeat(MAX_VALUE_CHARS + 1)),
        ] {
            let (q, p) = parse_query(&search);
            assert!(q.params.is_empty() && q.variant.is_none() && q.lesson.as_deref().is_none_or(|l| l == "x"), "{q:?}");
            assert_eq!(p.len(), 1, "{p:?}");
            for text in [&p[0].msg.en, &p[0].msg.zh] {
                assert!(text.contains("too long") || text.contains("太长"), "{text}");
                assert!(text.chars().count() < 160, "the message quotes only a prefix: {text}");
            }
        }
        // A broken escape in a long part is quoted short too.
        let (_, p) = parse_query(&format!("?n={}%ZZ", "a".repeat(50_000)));
        assert!(p.len() == 1 && p[0].msg.en.chars().count() < 100, "{p:?}");
    }

    #[test]
    fn round_trips() {
        let q = Query {
            lesson: Some("lock-counter".into()),
            chapter: None,
            variant: Some("no-lock".into()),
            lang: Some(Lang::Zh),
            embed: true,
            run: true,
            code: None,
            params: vec![("threads".into(), "10".into())],
        };
        let s = to_query(&q);
        assert_eq!(s, "?lesson=lock-counter&threads=10&variant=no-lock&lang=zh&embed=1&run=1");
        assert_eq!(parse_query(&s).0, q);
        let c = Query { chapter: Some("gil".into()), lang: Some(Lang::En), ..Query::default() };
        assert_eq!(to_query(&c), "?chapter=gil&lang=en");
        assert_eq!(parse_query(&to_query(&c)).0, c);
    }
}
