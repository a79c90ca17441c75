//! What a lesson is: texts in two languages, editable parameters, named variants, the Python
//! listing, the scenario that really runs, and the timing model's prediction.
//!
//! Everything here is data plus plain functions, so the page, the tests and the benchmark read the
//! same catalogue. Bad input never panics: [`parse_values`] turns what the learner typed into values
//! plus [`Problem`]s, which the page shows beside the field.

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;

use super::event_loop::Loop;
use super::threads::Th;

/// The page's two languages: the curriculum's Chinese, and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// A text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// A message built at run time, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub en: String,
    pub zh: String,
}

impl Msg {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Msg {
        Msg { en: en.into(), zh: zh.into() }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// Chapters follow the ideas, not the tutorials' order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Chapter {
    ProcessesAndThreads,
    Gil,
    PoolsAndFutures,
    Queues,
    Synchronisation,
    Coroutines,
    TasksTimeouts,
    RealWorld,
}

impl Chapter {
    pub const ALL: [Chapter; 8] = [
        Chapter::ProcessesAndThreads,
        Chapter::Gil,
        Chapter::PoolsAndFutures,
        Chapter::Queues,
        Chapter::Synchronisation,
        Chapter::Coroutines,
        Chapter::TasksTimeouts,
        Chapter::RealWorld,
    ];

    pub fn title(self) -> Text {
        match self {
            Chapter::ProcessesAndThreads => Text { en: "Processes and threads", zh: "进程与线程" },
            Chapter::Gil => Text { en: "The GIL: CPU-bound vs IO-bound", zh: "GIL：CPU 密集与 IO 密集" },
            Chapter::PoolsAndFutures => Text { en: "Pools and futures", zh: "池与 Future" },
            Chapter::Queues => Text { en: "Queues and communication", zh: "队列与通信" },
            Chapter::Synchronisation => Text { en: "Synchronisation", zh: "同步" },
            Chapter::Coroutines => Text { en: "Coroutines and the event loop", zh: "协程与事件循环" },
            Chapter::TasksTimeouts => Text { en: "Tasks, timeouts, cancellation", zh: "任务、超时与取消" },
            Chapter::RealWorld => Text { en: "Real-world cases", zh: "实际案例" },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (workers, tasks).
    Int,
    /// Seconds, as Python writes them (`0.5`).
    Seconds,
}

/// An editable value of a scenario. Its `name` is the one used in the URL and in `data-param`.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub label: Text,
    pub kind: Kind,
    pub default: f64,
    pub min: f64,
    pub max: f64,
}

/// A named variant of the program ("no-lock", "ticker"); the empty key is the corrected program.
#[derive(Clone, Copy, Debug)]
pub struct Variant {
    pub key: &'static str,
    pub label: Text,
    pub about: Text,
}

/// What the page knows about where the run happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Env {
    /// How many threads can run at once (`None`: unlimited, as natively).
    pub workers: Option<usize>,
    /// Cores the machine reports; the timing model uses it for CPU-bound work.
    pub cores: usize,
}

/// Why a run ended early. Errors are values: a Python exception is something the learner sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// The learner pressed Stop.
    Stopped,
    /// A Python exception nobody caught: `ValueError: max_workers must be greater than 0`.
    Py { kind: String, message: String },
    /// The page cannot run as many threads at once as the scenario needs.
    Capacity(String),
}

impl RunError {
    pub fn py(kind: &str, message: impl Into<String>) -> RunError {
        RunError::Py { kind: kind.into(), message: message.into() }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Stopped => write!(f, "stopped"),
            RunError::Py { kind, message } => write!(f, "{kind}: {message}"),
            RunError::Capacity(m) => write!(f, "{m}"),
        }
    }
}

/// The values of a lesson's parameters, by name. Always complete: a missing or invalid entry holds
/// the default, and the problem is reported separately.
#[derive(Clone, Debug, PartialEq)]
pub struct Values(BTreeMap<&'static str, f64>);

impl Values {
    pub fn defaults(lesson: &Lesson) -> Values {
        Values(lesson.params.iter().map(|p| (p.name, p.default)).collect())
    }
    pub fn get(&self, name: &str) -> f64 {
        self.0.get(name).copied().unwrap_or(0.0)
    }
    /// A whole-number parameter (validated as such before any run).
    pub fn int(&self, name: &str) -> usize {
        self.get(name).max(0.0) as usize
    }
    pub fn set(&mut self, name: &'static str, v: f64) {
        self.0.insert(name, v);
    }
}

pub type LoopMain = fn(Loop, Values, &'static str) -> LocalBoxFuture<'static, Result<(), RunError>>;
pub type ThreadsMain = fn(&Th, &Values, &'static str) -> Result<(), RunError>;

/// Which engine really runs the scenario.
#[derive(Clone, Copy)]
pub enum Engine {
    /// Async tasks on an event loop: the browser's own loop in the page, a virtual clock in tests.
    EventLoop(LoopMain),
    /// Real threads: Web Workers in the page, OS threads in tests. `gil` is the GIL's default.
    Threads { main: ThreadsMain, gil: bool },
    /// Processes with memory of their own: a Web Worker with its own wasm instance each in the
    /// page, an OS thread that shares nothing but channels natively. `main` is the parent.
    Processes(super::process::ProcMain),
}

pub struct Lesson {
    pub id: &'static str,
    pub chapter: Chapter,
    pub title: Text,
    /// The idea, in a short paragraph.
    pub concept: Text,
    /// What the learner should see when it runs, and the pitfall.
    pub expect: Text,
    pub params: &'static [Param],
    /// The first variant is the corrected program and has the empty key.
    pub variants: &'static [Variant],
    /// The Python program for a variant, with `{{name}}` where a parameter's value goes.
    pub listing: fn(&str) -> &'static str,
    pub engine: Engine,
    /// The timing model, in milliseconds; `None` where it can only be known during the run
    /// (CPU-bound lessons calibrate first and report [`crate::core::trace::Event::Predicted`]).
    pub predict: fn(&Values, &str, &Env) -> Option<f64>,
    /// Checks that involve more than one field or the environment (threads the page can run).
    pub check: fn(&Values, &str, &Env) -> Vec<Problem>,
    /// The Rust that runs, shown in the page's "Rust" tab.
    pub source: &'static str,
}

impl Lesson {
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
    pub fn variant(&self, key: &str) -> Option<&'static Variant> {
        self.variants.iter().find(|v| v.key == key)
    }
    pub fn uses_threads(&self) -> bool {
        matches!(self.engine, Engine::Threads { .. })
    }
    pub fn uses_processes(&self) -> bool {
        matches!(self.engine, Engine::Processes(_))
    }
}

/// No cross-field checks.
pub fn no_check(_: &Values, _: &str, _: &Env) -> Vec<Problem> {
    Vec::new()
}

/// A problem with the input, shown beside its field (`param`) or at the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub param: Option<String>,
    pub msg: Msg,
}

impl Problem {
    pub fn page(msg: Msg) -> Problem {
        Problem { param: None, msg }
    }
    pub fn field(name: &str, msg: Msg) -> Problem {
        Problem { param: Some(name.to_string()), msg }
    }
}

/// Formats a value the way the Python listing writes it: `5`, `0.5`, `1`.
pub fn format_value(kind: Kind, v: f64) -> String {
    match kind {
        Kind::Int => format!("{}", v as i64),
        Kind::Seconds => format!("{v}"),
    }
}

/// Parses one field as typed. `Err` carries the message to show beside it.
pub fn parse_value(p: &Param, raw: &str) -> Result<f64, Msg> {
    let s = raw.trim();
    let v: f64 = s.parse().map_err(|_| {
        Msg::new(format!("“{s}” is not a number"), format!("“{s}” 不是数字"))
    })?;
    if !v.is_finite() {
        return Err(Msg::new("must be a finite number", "必须是有限的数字"));
    }
    if p.kind == Kind::Int && v.fract() != 0.0 {
        return Err(Msg::new("must be a whole number", "必须是整数"));
    }
    if v < p.min || v > p.max {
        let (lo, hi) = (format_value(p.kind, p.min), format_value(p.kind, p.max));
        let unit = if p.kind == Kind::Seconds { " s" } else { "" };
        return Err(Msg::new(
            format!("must be between {lo} and {hi}{unit} (got {s})"),
            format!("必须在 {lo} 到 {hi}{unit} 之间（当前为 {s}）"),
        ));
    }
    Ok(v)
}

/// Turns what the learner typed (or the URL held) into values, with a problem per bad field.
/// Unknown names are reported too: a typo in a shared URL should not be silently ignored.
pub fn parse_values(lesson: &Lesson, raw: &[(String, String)]) -> (Values, Vec<Problem>) {
    let mut values = Values::defaults(lesson);
    let mut problems = Vec::new();
    for (name, text) in raw {
        match lesson.param(name) {
            Some(p) => match parse_value(p, text) {
                Ok(v) => values.set(p.name, v),
                Err(msg) => problems.push(Problem::field(p.name, msg)),
            },
            None => problems.push(Problem::page(Msg::new(
                format!("This lesson has no parameter “{name}”; it was ignored."),
                format!("本课没有参数 “{name}”，已忽略。"),
            ))),
        }
    }
    (values, problems)
}

/// The Python listing split into code and parameter slots, for drawing values inline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Code(&'a str),
    Param(&'a str),
}

pub fn segments(template: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        match rest[i + 2..].find("}}") {
            Some(j) => {
                if i > 0 {
                    out.push(Segment::Code(&rest[..i]));
                }
                out.push(Segment::Param(&rest[i + 2..i + 2 + j]));
                rest = &rest[i + 2 + j + 2..];
            }
            None => break,
        }
    }
    if !rest.is_empty() {
        out.push(Segment::Code(rest));
    }
    out
}

/// The listing with the values filled in: the program exactly as Python would run it.
pub fn render_listing(lesson: &Lesson, variant: &str, values: &Values) -> String {
    segments((lesson.listing)(variant))
        .into_iter()
        .map(|s| match s {
            Segment::Code(c) => c.to_string(),
            Segment::Param(n) => match lesson.param(n) {
                Some(p) => format_value(p.kind, values.get(n)),
                None => format!("{{{{{n}}}}}"),
            },
        })
        .collect()
}
