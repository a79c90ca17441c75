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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

    /// The chapter's name in URLs: `?chapter=<key>`.
    pub fn key(self) -> &'static str {
        match self {
            Chapter::ProcessesAndThreads => "processes-and-threads",
            Chapter::Gil => "gil",
            Chapter::PoolsAndFutures => "pools-and-futures",
            Chapter::Queues => "queues",
            Chapter::Synchronisation => "synchronisation",
            Chapter::Coroutines => "coroutines",
            Chapter::TasksTimeouts => "tasks-timeouts-cancellation",
            Chapter::RealWorld => "real-world",
        }
    }

    pub fn parse(key: &str) -> Option<Chapter> {
        Chapter::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The chapter's concept page: the idea the lessons in it share, before any code.
    pub fn concept(self) -> Text {
        match self {
            Chapter::ProcessesAndThreads => Text {
                en: "A process is a running program with memory of its own; a thread is a line of execution inside a process, sharing that memory with the process's other threads. Threads are cheap to start and can read each other's data directly, which is also why they can corrupt it. Processes are expensive to start and share nothing unless they send it, which is why they are safe from each other. In this playground threads are Web Workers sharing one WebAssembly memory, and each process is a Web Worker with an instance and memory of its own.",
                zh: "进程是拥有独立内存的运行中程序；线程是进程内部的一条执行路线，与同一进程的其他线程共享内存。线程启动开销小，可以直接读取彼此的数据，这也正是它们可能破坏数据的原因。进程启动开销大，除非显式发送，否则什么都不共享，因此彼此安全。在这个练习场里，线程是共享同一块 WebAssembly 内存的 Web Worker，而每个进程都是拥有独立实例和内存的 Web Worker。",
            },
            Chapter::Gil => Text {
                en: "CPython lets one thread at a time execute Python bytecode: the global interpreter lock. Work that waits (network, disk, sleep) releases it, so threads speed up I/O-bound programs. Work that computes keeps it, so threads take turns and CPU-bound programs gain nothing. Separate processes, each with its own interpreter and lock, or a free-threaded build, use every core. The lessons here measure all of these on your machine.",
                zh: "CPython 同一时刻只允许一个线程执行 Python 字节码，这就是全局解释器锁（GIL）。等待型的工作（网络、磁盘、sleep）会释放它，所以线程能加速 I/O 密集型程序；计算型的工作一直持有它，线程只能轮流执行，CPU 密集型程序得不到任何加速。多个进程（各有自己的解释器和锁）或自由线程构建才能用满所有核心。本章的课程会在你的机器上实际测量这些情况。",
            },
            Chapter::PoolsAndFutures => Text {
                en: "Starting a thread or process per task is wasteful; a pool keeps a fixed number of workers and feeds them tasks from a queue. submit() hands back a future, a placeholder for a result that does not exist yet; result() waits for it. map() keeps input order; as_completed() yields futures in the order they finish. The pool's size, not the number of tasks, decides how many run at once, so n tasks on k workers take about ceil(n / k) rounds.",
                zh: "为每个任务单独启动线程或进程很浪费；池维护固定数量的工作者，并从队列中给它们分配任务。submit() 返回一个 future，即尚未产生的结果的占位符；result() 等待它完成。map() 保持输入顺序；as_completed() 按完成顺序给出 future。同时运行多少个任务由池的大小决定，而不是任务数，所以 k 个工作者处理 n 个任务大约需要 ceil(n / k) 轮。",
            },
            Chapter::Queues => Text {
                en: "A queue lets producers and consumers run at their own pace: put() adds an item, get() waits until there is one, and items come out in the order they went in. A bounded queue also makes fast producers wait. The hard part is stopping: a consumer must learn that no more items will come, from a sentinel such as None, from join() and task_done(), or by being cancelled; asking empty() is a race, because the answer can change the moment after it is given.",
                zh: "队列让生产者和消费者各按自己的节奏运行：put() 放入一项，get() 等到有数据为止，取出的顺序与放入的顺序相同。有界队列还会让过快的生产者等待。难点在于如何结束：消费者必须知道不会再有新数据，可以通过哨兵值（如 None）、join() 与 task_done()，或者被取消；询问 empty() 是一种竞态，因为答案在给出之后的下一刻就可能改变。",
            },
            Chapter::Synchronisation => Text {
                en: "When several threads or processes update the same data, a read-modify-write such as counter += 1 is several steps, and another worker can slip in between them: updates are lost. A lock makes the steps one: whoever holds it finishes before anyone else starts. A semaphore lets up to n in at once. The lessons here run the unprotected version for real, so you can watch updates disappear, and then the protected one, which never loses any.",
                zh: "当多个线程或进程更新同一份数据时，像 counter += 1 这样的“读-改-写”实际上分为几步，其他工作者可能插进中间，导致更新丢失。锁把这几步变成一个整体：持有锁的一方完成后，别人才能开始。信号量则允许最多 n 个同时进入。本章的课程会真实运行不加保护的版本，让你亲眼看到更新消失，再运行加了保护的版本，它从不丢失任何更新。",
            },
            Chapter::Coroutines => Text {
                en: "A coroutine is a function that can pause at await and resume later. One thread runs an event loop that keeps a list of ready coroutines and a list of timers: it runs a coroutine until it awaits something, then runs another. Waiting is therefore almost free, and thousands of waits overlap, but only while nothing blocks: a time.sleep() or a long computation inside a coroutine stops the whole loop. Here the loop is your browser's own.",
                zh: "协程是可以在 await 处暂停、稍后再继续的函数。一个线程运行事件循环，它维护就绪协程列表和定时器列表：运行一个协程直到它 await 某个东西，然后转去运行另一个。因此等待几乎不花成本，成千上万的等待可以重叠，但前提是没有任何东西阻塞：协程里的 time.sleep() 或长时间计算会让整个循环停下来。这里用的就是你浏览器自己的事件循环。",
            },
            Chapter::TasksTimeouts => Text {
                en: "A task wraps a coroutine so that the loop runs it on its own; you can await it, cancel it, or wait for it with a timeout. Cancelling raises CancelledError inside the task at its next await; wait_for() cancels the inner task when time runs out and raises TimeoutError. An exception in a task surfaces where the task is awaited, or, with gather(return_exceptions=True), comes back as a value. Each task also runs in its own copy of the context variables.",
                zh: "任务把协程包装起来，让事件循环独立地运行它；你可以 await 它、取消它，或带超时地等待它。取消会在任务下一次 await 时在其内部抛出 CancelledError；wait_for() 在超时后取消内部任务并抛出 TimeoutError。任务中的异常会在 await 该任务的地方抛出，使用 gather(return_exceptions=True) 时则作为值返回。每个任务还在自己的上下文变量副本中运行。",
            },
            Chapter::RealWorld => Text {
                en: "Real programs combine the pieces: a downloader runs requests on a pool, a data pipeline spreads batches over processes, a client sends many HTTP requests at once, a server handles each connection as a task. The HTTP lessons here make real requests from your browser to this site's sample pages; browsers have no raw sockets, so the TCP lessons model a connection as a pair of byte streams and say so.",
                zh: "真实的程序把这些部件组合起来：下载器在池中执行请求，数据管道把批次分给多个进程，客户端同时发出许多 HTTP 请求，服务器把每个连接当作一个任务处理。本章的 HTTP 课程会从你的浏览器向本站的示例页面发出真实请求；浏览器没有原始套接字，所以 TCP 课程把连接模拟成一对字节流，并明确说明这一点。",
            },
        }
    }

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
    /// The interpreter's own report, as CPython prints it on stderr: a whole traceback, a syntax
    /// error with its caret, or what `sys.exit("...")` printed.
    Traceback(String),
}

impl RunError {
    pub fn py(kind: &str, message: impl Into<String>) -> RunError {
        RunError::Py { kind: kind.into(), message: message.into() }
    }

    /// The exception a run ended in, as `(kind, message)`: a scenario's, or the last line of the
    /// interpreter's traceback (`ValueError: 出错`). `None` for Stop and capacity problems.
    pub fn exception(&self) -> Option<(String, String)> {
        match self {
            RunError::Py { kind, message } => Some((kind.clone(), message.clone())),
            RunError::Traceback(text) => {
                let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
                let (kind, message) = last.split_once(": ").unwrap_or((last, ""));
                Some((kind.to_string(), message.to_string()))
            }
            RunError::Stopped | RunError::Capacity(_) => None,
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Stopped => write!(f, "stopped"),
            RunError::Py { kind, message } => write!(f, "{kind}: {message}"),
            RunError::Capacity(m) | RunError::Traceback(m) => write!(f, "{m}"),
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
    /// Only the listing, run by the interpreter with asyncio on the event loop: no scenario.
    Python,
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

/// Identical problems once each, in the order they first appear, with how often each came up: an
/// address that repeats one mistake 25,600 times gets one message that says so, not 25,600.
pub fn counted(problems: Vec<Problem>) -> Vec<(Problem, usize)> {
    let mut index: std::collections::HashMap<Problem, usize> = std::collections::HashMap::new();
    let mut out: Vec<(Problem, usize)> = Vec::new();
    for p in problems {
        match index.get(&p) {
            Some(&i) => out[i].1 += 1,
            None => {
                index.insert(p.clone(), out.len());
                out.push((p, 1));
            }
        }
    }
    out
}

/// The longest value a field or the address may hold, in characters. Every value a lesson takes is
/// a number of a few digits, so anything longer is a mistake; taking it would only make the field,
/// the message about it and the address as long as it is.
pub const MAX_VALUE_CHARS: usize = 200;

/// How much of a refused value a message quotes back.
const QUOTED_CHARS: usize = 24;

/// `s` as a message quotes it: whole if short, else its first characters and an ellipsis, so that
/// no message is longer than the mistake needs to be recognised.
pub fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// The refusal of a value longer than [`MAX_VALUE_CHARS`], or `None` if it is short enough.
pub fn too_long(s: &str) -> Option<Msg> {
    let n = s.chars().count();
    (n > MAX_VALUE_CHARS).then(|| {
        let q = quote(s);
        Msg::new(
            format!("is too long ({n} characters, at most {MAX_VALUE_CHARS}): “{q}”"),
            format!("太长（{n} 个字符，最多 {MAX_VALUE_CHARS} 个）：“{q}”"),
        )
    })
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
    if let Some(msg) = too_long(s) {
        return Err(msg);
    }
    let v: f64 = s.parse().map_err(|_| {
        let q = quote(s);
        Msg::new(format!("“{q}” is not a number"), format!("“{q}” 不是数字"))
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
        let s = quote(s);
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
