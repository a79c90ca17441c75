//! The page's state in its URL: `?lesson=<id>&<param>=<value>&variant=<name>&lang=en|zh&embed=1&run=1`.
//!
//! Parsing is strict about what it cannot read (a broken `%` escape, bytes that are not UTF-8) and
//! reports it as a problem for the page to show; it never guesses.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::lesson::{Lang, Msg, Problem};

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
    pub params: Vec<(String, String)>,
}

/// Characters left as they are in values we write: enough for ids, numbers and variant names.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

fn decode(part: &str) -> Result<String, Msg> {
    let bytes = part.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let ok = bytes.len() > i + 2 && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit();
            if !ok {
                return Err(Msg::new(
                    format!("The address has a broken escape in “{part}”."),
                    format!("地址中 “{part}” 含有无效的转义。"),
                ));
            }
        }
    }
    let spaced = part.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8().map(|c| c.into_owned()).map_err(|_| {
        Msg::new(format!("The address holds bytes that are not text in “{part}”."), format!("地址中 “{part}” 含有无法识别的字节。"))
    })
}

/// Parses `location.search` (with or without the leading `?`).
pub fn parse_query(search: &str) -> (Query, Vec<Problem>) {
    let mut q = Query::default();
    let mut problems = Vec::new();
    let s = search.strip_prefix('?').unwrap_or(search);
    for pair in s.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = match (decode(k), decode(v)) {
            (Ok(k), Ok(v)) => (k, v),
            (Err(m), _) | (_, Err(m)) => {
                problems.push(Problem::page(m));
                continue;
            }
        };
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

    #[test]
    fn round_trips() {
        let q = Query {
            lesson: Some("lock-counter".into()),
            chapter: None,
            variant: Some("no-lock".into()),
            lang: Some(Lang::Zh),
            embed: true,
            run: true,
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
