//! The lesson page: the lesson list, the lesson itself (concept, listing with inline values,
//! parameters, variants), Run and Stop, and what the run shows (output, timing, timeline).
//!
//! All state that a person would want to share lives in the URL; everything the run reports comes
//! in through [`Msg::Updates`] batches from `run.rs`. The stable `data-testid` attributes are the
//! contract with tests and course tools (see README).

use std::collections::BTreeMap;

use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::interpreted;
use crate::core::lesson::{counted, format_value, parse_values, quote, render_listing, segments, Chapter, Env, Lang, Lesson, Msg as Text2, Problem, RunError, Segment, Values};
use crate::core::lessons::{self, LESSONS};
use crate::core::runner::Outcome;
use crate::core::trace::Trace;
use crate::core::url::{lesson_params, parse_query, to_query, Query};

use super::platform;
use super::run::{self, ModelHandle, ModelResult, RunHandle, Update};
use super::timeline;

/// Output lines drawn at most; a run of ten thousand tasks prints twenty thousand lines, and the
/// page keeps the first and the last of them in view.
const MAX_LINES_SHOWN: usize = 1000;

/// Distinct messages drawn at the top of the page at most: an address with thousands of different
/// mistakes gets the first few and a count of the rest, not a page thousands of messages tall.
const MAX_PAGE_MESSAGES: usize = 10;

/// The widest an editable value is drawn, in characters; a longer one scrolls inside its field.
const MAX_FIELD_CHARS: usize = 12;

fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The Web Worker pool of the thread lessons. It is started the first time a thread lesson is
/// shown, not at page load: a page that only shows event-loop or process lessons starts no workers,
/// and their start-up (16 workers instantiating the module) cannot disturb a run.
#[derive(Clone, Debug, PartialEq)]
enum Pool {
    NotStarted,
    Starting,
    Ready(usize),
    Unavailable(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Idle,
    Running,
    Done,
    Error,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Running => "running",
            Status::Done => "done",
            Status::Error => "error",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Python,
    Rust,
    /// What the interpreter runs, for lessons that run their listing.
    Bytecode,
}

struct RunView {
    id: u64,
    status: Status,
    trace: Trace,
    started_at: f64,
    elapsed_ms: Option<f64>,
    predicted_ms: Option<f64>,
    outcome: Option<Outcome>,
    handle: Option<RunHandle>,
    note: Option<Text2>,
    /// The learner's program, when that is what ran: its model is computed after it.
    program: Option<String>,
    /// The model of that program while it is computed (dropping it stops it).
    model: Option<ModelHandle>,
    /// The model was still computing after this many milliseconds and was given up.
    model_gave_up: Option<f64>,
}

impl RunView {
    fn idle() -> RunView {
        RunView { id: 0, status: Status::Idle, trace: Trace::default(), started_at: 0.0, elapsed_ms: None, predicted_ms: None, outcome: None, handle: None, note: None, program: None, model: None, model_gave_up: None }
    }
}

pub enum Msg {
    PoolReady(Result<usize, String>),
    Select(&'static str),
    /// Opens a chapter's concept page.
    OpenChapter(Chapter),
    SetParam(&'static str, String),
    SetVariant(&'static str),
    SetLang(Lang),
    SetTab(Tab),
    Filter(String),
    Run,
    Stop,
    /// "Edit": the listing becomes the learner's program.
    Edit,
    EditText(String),
    /// The editor lost focus (or was cleared by a script): its text, and the address catches up.
    EditDone(String),
    /// "Reset": back to the lesson's own listing and values.
    ResetProgram,
    /// "Share": copy the page's address, program included.
    Share,
    Shared(bool),
    Updates(u64, Vec<Update>),
    /// The model of the edited program that ran as run `id`.
    Model(u64, ModelResult),
    /// A lesson file's source arrived for the Rust tab: the file name, and its text or why not.
    Source(&'static str, Result<String, String>),
}

pub struct App {
    lang: Lang,
    lesson: &'static Lesson,
    variant: &'static str,
    raw: BTreeMap<&'static str, String>,
    /// What was wrong with the address, identical messages counted once.
    url_problems: Vec<(Problem, usize)>,
    pool: Pool,
    isolated: bool,
    tab: Tab,
    filter: String,
    run: RunView,
    /// `run=1` for a thread lesson: run once the worker pool is ready.
    run_when_ready: bool,
    /// `run=1` for any other lesson: run once the page has been drawn (see `rendered`).
    run_when_drawn: bool,
    next_run: u64,
    /// Lesson sources fetched for the Rust tab, by file name.
    sources: BTreeMap<&'static str, Result<String, String>>,
    /// A chapter's concept page shown instead of the lesson (`?chapter=<key>`).
    chapter: Option<Chapter>,
    /// `embed=1`: the lesson alone, for an iframe in a course page (see `view`).
    embed: bool,
    /// The learner's own program, once they press Edit (or from `code=`): it runs in place of
    /// the listing, and the address carries it.
    edited: Option<String>,
    /// What became of the last Share.
    share_note: Option<Text2>,
}

fn browser_lang() -> Lang {
    let nav = web_sys::window().map(|w| w.navigator().language().unwrap_or_default()).unwrap_or_default();
    if nav.to_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

impl App {
    /// The Rust tab shows the lesson's own file. The page carries only its name (see
    /// `lesson_source!`); the text is fetched from `lesson-src/` the first time it is shown.
    fn load_source(&self, ctx: &Context<Self>) {
        let file = self.lesson.source;
        if self.tab != Tab::Rust || self.sources.contains_key(file) {
            return;
        }
        ctx.link().send_future(async move { Msg::Source(file, platform::fetch_text(&format!("lesson-src/{file}")).await) });
    }

    fn env(&self) -> Env {
        let workers = match self.pool {
            Pool::Ready(n) => Some(n),
            _ => Some(platform::POOL_SIZE),
        };
        Env { workers, cores: platform::hardware_concurrency() }
    }

    /// The values to run with, and every problem with them (fields, cross-field, environment).
    fn evaluate(&self) -> (Values, Vec<Problem>) {
        let raw: Vec<(String, String)> = self.raw.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        let (values, mut problems) = parse_values(self.lesson, &raw);
        if problems.is_empty() {
            problems.extend((self.lesson.check)(&values, self.variant, &self.env()));
        }
        (values, problems)
    }

    fn reset_fields(&mut self) {
        self.raw = self.lesson.params.iter().map(|p| (p.name, format_value(p.kind, p.default))).collect();
    }

    /// Starts the worker pool if the lesson shown is a thread lesson and nothing has started it yet.
    ///
    /// It starts when a thread lesson is shown rather than when it is first run: starting takes a
    /// few hundred milliseconds on two cores, during which 16 workers compile the module and the
    /// main thread hands each its memory. A run that started the pool itself would either wait
    /// for that or share the machine with it, and its first measured times would be late; by the
    /// time a learner has read the lesson and pressed Run, the pool is ready and idle.
    fn ensure_pool(&mut self, ctx: &Context<Self>) {
        if self.pool == Pool::NotStarted && self.chapter.is_none() && self.lesson.uses_threads() {
            self.pool = Pool::Starting;
            ctx.link().send_future(async { Msg::PoolReady(platform::start_pool().await) });
        }
    }

    fn threads_unavailable(&self) -> bool {
        self.lesson.uses_threads() && !matches!(self.pool, Pool::Ready(_))
    }

    fn sync_url(&self) {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&to_query(&self.query(self.embed))));
        }
    }

    /// The page's state as an address: what `sync_url` writes, and (without `embed`) where the
    /// embedded page's "open in the playground" link goes.
    fn query(&self, embed: bool) -> Query {
        let params = self
            .lesson
            .params
            .iter()
            .filter_map(|p| {
                let raw = self.raw.get(p.name)?;
                (*raw != format_value(p.kind, p.default)).then(|| (p.name.to_string(), raw.clone()))
            })
            .collect();
        match self.chapter {
            Some(ch) => Query { chapter: Some(ch.key().into()), lang: Some(self.lang), embed, ..Query::default() },
            None => Query { lesson: Some(self.lesson.id.into()), chapter: None, variant: Some(self.variant.into()), lang: Some(self.lang), embed, run: false, code: self.edited.clone(), params },
        }
    }

    fn stop(&mut self) {
        if let Some(h) = self.run.handle.take() {
            h.stop();
            let at = platform::now_ms() - self.run.started_at;
            self.run.trace.close_open(at);
            self.run.status = Status::Idle;
            self.run.note = Some(Text2::new(format!("Stopped after {:.1} s.", at / 1000.0), format!("已在 {:.1} 秒后停止。", at / 1000.0)));
            // Updates still on their way from the stopped run are ignored by id.
            self.run.id = 0;
        }
    }

    fn start(&mut self, ctx: &Context<Self>) {
        let (values, problems) = self.evaluate();
        if (!problems.is_empty() && self.edited.is_none()) || self.threads_unavailable() {
            return;
        }
        self.stop();
        self.next_run += 1;
        let id = self.next_run;
        let workers = match self.pool {
            Pool::Ready(n) => n,
            _ => 0,
        };
        // The lesson's model describes its own listing; an edited program's model is the program
        // itself on a virtual clock, run once the program has ended (see `Msg::Updates`).
        let predicted = if self.edited.is_some() { None } else { (self.lesson.predict)(&values, self.variant, &self.env()) };
        if self.edited.is_some() {
            self.sync_url();
        }
        let link = ctx.link().clone();
        let handle = run::start(self.lesson, values, self.variant, workers, self.edited.clone(), move |batch| link.send_message(Msg::Updates(id, batch)));
        self.run = RunView {
            id,
            status: Status::Running,
            trace: Trace::default(),
            started_at: platform::now_ms(),
            elapsed_ms: None,
            predicted_ms: predicted,
            outcome: None,
            handle: Some(handle),
            note: None,
            program: self.edited.clone(),
            model: None,
            model_gave_up: None,
        };
    }

    /// Once the learner's program has ended (not by Stop), its model runs.
    fn start_model(&mut self, ctx: &Context<Self>) {
        let ended = self.run.handle.is_none() && !matches!(self.run.outcome, None | Some(Outcome::Error(RunError::Stopped)));
        let Some(program) = self.run.program.clone() else { return };
        if !ended || self.run.model.is_some() || self.run.predicted_ms.is_some() || self.run.model_gave_up.is_some() {
            return;
        }
        let id = self.run.id;
        let link = ctx.link().clone();
        let measured = self.run.elapsed_ms.unwrap_or(0.0);
        self.run.model = Some(run::start_model(self.lesson, program, measured, move |r| link.send_message(Msg::Model(id, r))));
    }

    fn apply(&mut self, batch: Vec<Update>) {
        for u in batch {
            match u {
                Update::Event(e) => self.run.trace.apply(e),
                Update::End { outcome, elapsed_ms } => {
                    self.run.trace.close_open(elapsed_ms);
                    self.run.elapsed_ms = Some(elapsed_ms);
                    self.run.status = match outcome {
                        Outcome::Done => Status::Done,
                        Outcome::Error(RunError::Stopped) => Status::Idle,
                        _ => Status::Error,
                    };
                    self.run.outcome = Some(outcome);
                    self.run.handle = None;
                }
            }
        }
        if let Some(p) = self.run.trace.predicted_ms {
            self.run.predicted_ms = Some(p);
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        let (query, mut url_problems) = parse_query(&search);
        let lesson = match query.lesson.as_deref() {
            // A program alone opens the scratch page: a playground for it, not some lesson beside it.
            None | Some("") if query.code.is_some() => lessons::find("scratch").unwrap_or(LESSONS[0]),
            None | Some("") => LESSONS[0],
            Some(id) => lessons::find(id).unwrap_or_else(|| {
                let id = quote(id);
                url_problems.push(Problem::page(Text2::new(
                    format!("There is no lesson “{id}”. Pick one from the list."),
                    format!("没有名为 “{id}” 的课程，请从列表中选择。"),
                )));
                LESSONS[0]
            }),
        };
        let variant = match query.variant.as_deref() {
            None => "",
            Some(v) => lesson.variant(v).map(|v| v.key).unwrap_or_else(|| {
                let v = quote(v);
                url_problems.push(Problem::page(Text2::new(
                    format!("This lesson has no variant “{v}”; showing the corrected program."),
                    format!("本课没有 “{v}” 变体，显示修正后的程序。"),
                )));
                ""
            }),
        };
        let chapter = match query.chapter.as_deref() {
            None => None,
            Some(key) => Chapter::parse(key).or_else(|| {
                let key = quote(key);
                url_problems.push(Problem::page(Text2::new(
                    format!("There is no chapter “{key}”. Pick one from the list."),
                    format!("没有名为 “{key}” 的章节，请从列表中选择。"),
                )));
                None
            }),
        };
        let (params, param_problems) = lesson_params(lesson, &query.params);
        url_problems.extend(param_problems);
        let isolated = platform::cross_origin_isolated();
        let mut app = App {
            lang: query.lang.unwrap_or_else(browser_lang),
            lesson,
            variant,
            raw: BTreeMap::new(),
            url_problems: counted(url_problems),
            pool: Pool::NotStarted,
            isolated,
            tab: Tab::Python,
            filter: String::new(),
            run: RunView::idle(),
            run_when_ready: false,
            run_when_drawn: false,
            next_run: 0,
            sources: BTreeMap::new(),
            chapter,
            embed: query.embed,
            edited: None,
            share_note: None,
        };
        // The scratch page is for editing: it opens in the editor.
        if std::ptr::eq(lesson, &lessons::scratch::LESSON) && query.code.is_none() {
            app.edited = Some(render_listing(lesson, "", &Values::defaults(lesson)));
        }
        if let Some(code) = query.code.clone() {
            if lessons::runs_its_listing(lesson) {
                app.edited = Some(code);
            } else {
                app.url_problems.push((
                    Problem::page(Text2::new(
                        "This lesson still runs its hand-written Rust scenario, so it cannot run an edited program yet; its own listing is shown.",
                        "本课仍运行手写的 Rust 场景，暂时不能运行修改后的程序；这里显示的是课程原本的程序。",
                    )),
                    1,
                ));
            }
        }
        app.reset_fields();
        app.raw.extend(params);
        app.ensure_pool(ctx);
        // `run=1` is followed only for an address with nothing wrong with it: if a part of it
        // could not be read, the lesson, its values or its variant may not be the ones meant, and
        // running something else instead (the first lesson, a default value, the corrected
        // program) would show a learner a run they did not ask for. They see what was wrong and
        // press Run themselves.
        if query.run && app.chapter.is_none() {
            if !app.url_problems.is_empty() {
                app.run.note = Some(Text2::new(
                    "Not run: the address has problems (see above). Press Run to run the lesson as shown.",
                    "未运行：地址有问题（见上）。按“运行”即可运行当前显示的课程。",
                ));
            } else if lesson.uses_threads() {
                app.run_when_ready = true;
            } else {
                app.run_when_drawn = true;
            }
        }
        app
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        // A run asked for by the address starts once the page has been drawn and painted, not
        // while it is still being built: the first render and paint are the page load's longest
        // main-thread task, and a run started before them would have its first timers fire late.
        if first_render && std::mem::take(&mut self.run_when_drawn) {
            ctx.link().send_future(async {
                platform::after_next_paint().await;
                Msg::Run
            });
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::PoolReady(r) => {
                self.pool = match r {
                    Ok(n) => Pool::Ready(n),
                    Err(e) => Pool::Unavailable(e),
                };
                if std::mem::take(&mut self.run_when_ready) {
                    self.start(ctx);
                }
            }
            Msg::OpenChapter(ch) => {
                self.stop();
                self.chapter = Some(ch);
                self.url_problems.clear();
                self.sync_url();
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
            Msg::Select(id) => {
                if let Some(l) = lessons::find(id) {
                    self.chapter = None;
                    self.stop();
                    self.lesson = l;
                    self.variant = "";
                    self.edited = None;
                    self.share_note = None;
                    self.reset_fields();
                    self.url_problems.clear();
                    self.run = RunView::idle();
                    self.ensure_pool(ctx);
                    self.sync_url();
                    self.load_source(ctx);
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                }
            }
            Msg::SetParam(name, v) => {
                self.raw.insert(name, v);
                self.sync_url();
            }
            Msg::SetVariant(v) => {
                // A variant is a published program: it replaces what the learner typed.
                self.variant = v;
                self.edited = None;
                self.sync_url();
            }
            Msg::Edit => {
                let (values, _) = self.evaluate();
                self.edited = Some(render_listing(self.lesson, self.variant, &values));
                self.tab = Tab::Python;
                self.sync_url();
            }
            Msg::EditText(text) => {
                // The address follows when typing is done (the field loses focus), on Run and on
                // Share, not at every key: Chrome ignores history updates that come too often, and
                // the address would then hold an older program than the one shown.
                self.edited = Some(text);
                self.share_note = None;
                // The textarea already shows what was typed; redrawing would only move the caret.
                return false;
            }
            Msg::EditDone(text) => {
                self.edited = Some(text);
                self.sync_url();
            }
            Msg::ResetProgram => {
                self.edited = None;
                self.share_note = None;
                self.reset_fields();
                self.sync_url();
            }
            Msg::Share => {
                self.sync_url();
                let link = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
                let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
                ctx.link().send_future(async move {
                    let copied = match clipboard {
                        Some(c) => wasm_bindgen_futures::JsFuture::from(c.write_text(&link)).await.is_ok(),
                        None => false,
                    };
                    Msg::Shared(copied)
                });
            }
            Msg::Shared(copied) => {
                self.share_note = Some(if copied {
                    Text2::new("Link copied: it opens this program as it is now.", "链接已复制：打开它即可看到现在的程序。")
                } else {
                    Text2::new("The browser did not let the page copy; the address bar holds the link.", "浏览器不允许本页复制；地址栏里就是链接。")
                });
            }
            Msg::SetLang(l) => {
                self.lang = l;
                self.sync_url();
            }
            Msg::SetTab(tab) => {
                self.tab = tab;
                self.load_source(ctx);
            }
            Msg::Source(file, text) => {
                self.sources.insert(file, text);
            }
            Msg::Filter(f) => self.filter = f,
            Msg::Run => self.start(ctx),
            Msg::Stop => self.stop(),
            Msg::Updates(id, batch) => {
                if id != self.run.id {
                    return false;
                }
                self.apply(batch);
                self.start_model(ctx);
            }
            Msg::Model(id, result) => {
                if id != self.run.id {
                    return false;
                }
                self.run.model = None;
                match result {
                    ModelResult::Ms(ms) => self.run.predicted_ms = Some(ms),
                    ModelResult::GaveUp { budget_ms } => self.run.model_gave_up = Some(budget_ms),
                }
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        // Embedded in a course page, the lesson stands alone: no lesson list, no previous/next,
        // and a link that opens the same lesson, as edited, in the full playground.
        let main = html! {
            <main class="lesson" onkeydown={self.run_key(ctx)}>
                if let Some(ch) = self.chapter { { self.view_chapter(ctx, ch) } } else { { self.view_lesson(ctx) } }
            </main>
        };
        if self.embed {
            return html! {
                <div class="app embed" data-testid="embedded">
                    { self.view_header(ctx) }
                    { main }
                </div>
            };
        }
        html! {
            <div class="app">
                { self.view_header(ctx) }
                <div class="layout">
                    { self.view_nav(ctx) }
                    { main }
                </div>
            </div>
        }
    }
}

impl App {
    fn view_header(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let (iso_text, iso_class) = if self.isolated { ("isolated", "ok") } else { ("not-isolated", "warn") };
        let workers = match self.pool {
            Pool::Ready(n) => n,
            _ => 0,
        };
        let pool_text = match &self.pool {
            Pool::NotStarted => t(lang, "Web Workers (started by thread lessons)", "个 Web Worker（线程课程需要时启动）").to_string(),
            Pool::Starting => t(lang, "starting workers…", "正在启动 worker…").to_string(),
            Pool::Ready(_) => t(lang, "Web Workers", "个 Web Worker").to_string(),
            Pool::Unavailable(_) => t(lang, "workers: threads unavailable", "个 worker：线程不可用").to_string(),
        };
        let cores = platform::hardware_concurrency();
        html! {
            <header class="top">
                <a class="brand" href="?" target={self.embed.then_some("_blank")}>{ "Concurrency Playground" }</a>
                <span class="tagline">{ t(lang, "Python concurrency, really running in your browser", "Python 并发，真正在浏览器里运行") }</span>
                <span class={classes!("badge", iso_class)} title={t(lang, "Cross-origin isolation lets the page share memory with Web Workers.", "跨源隔离让页面能与 Web Worker 共享内存。")}>
                    <span data-testid="isolation">{ iso_text }</span>
                </span>
                <span class="badge">
                    <span data-testid="workers">{ workers }</span>{ " " }{ pool_text }
                    { format!(" · {cores} {}", t(lang, "cores", "核")) }
                </span>
                if self.lesson.uses_processes() {
                    <span class="badge" title={t(lang, "Each Python process is a Web Worker with a WebAssembly instance and memory of its own.", "每个 Python 进程都是一个拥有独立 WebAssembly 实例和内存的 Web Worker。")}>
                        <span data-testid="processes-alive">{ super::process::alive() }</span>
                        { t(lang, " processes alive", " 个进程运行中") }
                    </span>
                }
                if self.embed {
                    <a class="open-full" data-testid="open-full" target="_blank" rel="noopener" href={to_query(&self.query(false))}>
                        { t(lang, "Open in the playground ↗", "在 Playground 中打开 ↗") }
                    </a>
                }
                <span class="lang">
                    <button class={classes!((lang == Lang::En).then_some("on"))} onclick={ctx.link().callback(|_| Msg::SetLang(Lang::En))}>{ "EN" }</button>
                    <button class={classes!((lang == Lang::Zh).then_some("on"))} onclick={ctx.link().callback(|_| Msg::SetLang(Lang::Zh))}>{ "中文" }</button>
                </span>
            </header>
        }
    }

    fn view_nav(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let f = self.filter.to_lowercase();
        // Searches ids, titles and the ideas themselves, in both languages.
        let matches = |l: &Lesson| {
            f.is_empty()
                || l.id.contains(&f)
                || l.title.en.to_lowercase().contains(&f)
                || l.title.zh.contains(&f)
                || l.concept.en.to_lowercase().contains(&f)
                || l.concept.zh.contains(&f)
        };
        let chapters = Chapter::ALL.iter().filter_map(|ch| {
            let items: Vec<Html> = lessons::all()
                .filter(|l| l.chapter == *ch && matches(l))
                .map(|l| {
                    let id = l.id;
                    let onclick = ctx.link().callback(move |e: MouseEvent| {
                        e.prevent_default();
                        Msg::Select(id)
                    });
                    let current = (l.id == self.lesson.id).then_some("current");
                    html! {
                        <li><a data-testid="lesson-link" data-lesson={l.id} class={classes!(current)} href={format!("?lesson={}", l.id)} {onclick}>
                            { l.title.get(lang) }
                            if l.uses_threads() { <span class="tag">{ t(lang, "threads", "线程") }</span> }
                            if l.uses_processes() { <span class="tag">{ t(lang, "processes", "进程") }</span> }
                        </a></li>
                    }
                })
                .collect();
            (!items.is_empty()).then(|| html! {
                <section class="chapter">
                    <h3><a data-testid="chapter-link" data-chapter={ch.key()} href={format!("?chapter={}", ch.key())}
                        class={classes!((self.chapter == Some(*ch)).then_some("current"))}
                        onclick={ { let ch = *ch; ctx.link().callback(move |e: MouseEvent| { e.prevent_default(); Msg::OpenChapter(ch) }) } }>
                        { ch.title().get(lang) }</a></h3>
                    <ul>{ for items }</ul>
                </section>
            })
        });
        let oninput = ctx.link().callback(|e: InputEvent| Msg::Filter(e.target_unchecked_into::<HtmlInputElement>().value()));
        html! {
            <nav class="lessons">
                <input class="filter" data-testid="lesson-filter" type="search" placeholder={t(lang, "Filter lessons", "筛选课程")} value={self.filter.clone()} {oninput} />
                { for chapters }
            </nav>
        }
    }

    /// A link to another lesson, opened in place (and shareable, since it is a real URL).
    fn lesson_link(&self, ctx: &Context<Self>, l: &'static Lesson, testid: &'static str, prefix: &'static str) -> Html {
        let id = l.id;
        let onclick = ctx.link().callback(move |e: MouseEvent| {
            e.prevent_default();
            Msg::Select(id)
        });
        html! {
            <a data-testid={testid} data-lesson={l.id} href={format!("?lesson={}", l.id)} {onclick}>{ prefix }{ l.title.get(self.lang) }</a>
        }
    }

    fn view_prev_next(&self, ctx: &Context<Self>) -> Html {
        let (prev, next) = lessons::neighbours(self.lesson.id);
        html! {
            <nav class="prev-next">
                <span>{ for prev.map(|l| self.lesson_link(ctx, l, "prev-lesson", "← ")) }</span>
                <span>{ for next.map(|l| self.lesson_link(ctx, l, "next-lesson", "→ ")) }</span>
            </nav>
        }
    }

    /// A chapter's concept page: the idea first, then its lessons in reading order.
    fn view_chapter(&self, ctx: &Context<Self>, ch: Chapter) -> Html {
        let lang = self.lang;
        let lessons: Vec<&'static Lesson> = lessons::ordered().into_iter().filter(|l| l.chapter == ch).collect();
        html! {
            <article class="chapter-page" data-testid="chapter-page" data-chapter={ch.key()}>
                { self.view_page_problems(Vec::new()) }
                <h1>{ ch.title().get(lang) }</h1>
                <p class="concept" data-testid="chapter-concept">{ ch.concept().get(lang) }</p>
                <h2>{ t(lang, "Lessons in this chapter", "本章课程") }</h2>
                <ol class="chapter-lessons">
                    { for lessons.iter().map(|l| html! {
                        <li>
                            { self.lesson_link(ctx, l, "chapter-lesson", "") }
                            <p class="expect">{ l.expect.get(lang) }</p>
                        </li>
                    }) }
                </ol>
            </article>
        }
    }

    fn view_lesson(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let l = self.lesson;
        let (_, problems) = self.evaluate();
        let page_problems = counted(problems.iter().filter(|p| p.param.is_none()).cloned().collect());
        html! {
            <>
                { self.view_page_problems(page_problems) }
                <h1>{ l.title.get(lang) }</h1>
                <p class="lesson-id"><code>{ l.id }</code>{ " · " }
                    <a href={format!("?chapter={}", l.chapter.key())} onclick={ { let ch = l.chapter; ctx.link().callback(move |e: MouseEvent| { e.prevent_default(); Msg::OpenChapter(ch) }) } }>{ l.chapter.title().get(lang) }</a>
                </p>
                <p class="concept">{ l.concept.get(lang) }</p>
                <p class="expect"><strong>{ t(lang, "What to expect: ", "预期：") }</strong>{ l.expect.get(lang) }</p>
                { self.view_thread_notice() }
                { self.view_variants(ctx) }
                { self.view_params(ctx, &problems) }
                { self.view_controls(ctx, &problems) }
                <div class="columns">
                    <section class="code">{ self.view_code(ctx) }</section>
                    <section class="results">
                        { self.view_timing() }
                        { self.view_output() }
                    </section>
                </div>
                <section class="timeline-box">
                    <h2>{ t(lang, "Timeline", "时间线") }</h2>
                    { self.view_legend() }
                    { timeline::view(&self.run.trace, self.run.elapsed_ms.unwrap_or_else(|| if self.run.status == Status::Running { platform::now_ms() - self.run.started_at } else { 0.0 }), self.run.predicted_ms.unwrap_or(0.0)) }
                </section>
                if !self.embed { { self.view_prev_next(ctx) } }
            </>
        }
    }

    /// The page-level messages: the address's first, then the lesson's own; each distinct message
    /// once, with how many times it came up, and at most [`MAX_PAGE_MESSAGES`] of them.
    fn view_page_problems(&self, lesson_problems: Vec<(Problem, usize)>) -> Html {
        let lang = self.lang;
        let all: Vec<&(Problem, usize)> = self.url_problems.iter().chain(lesson_problems.iter()).collect();
        let more = all.len().saturating_sub(MAX_PAGE_MESSAGES);
        let shown = all.iter().take(MAX_PAGE_MESSAGES).map(|(p, n)| {
            let times = (*n > 1).then(|| format!(" (×{n})"));
            html! { <p class="problem" data-testid="page-error">{ p.msg.get(lang) }{ for times }</p> }
        });
        html! {
            <>
                { for shown }
                if more > 0 {
                    <p class="problem more">{ match lang {
                        Lang::En => format!("… and {more} more problems with the address or the values."),
                        Lang::Zh => format!("……另有 {more} 个地址或数值的问题。"),
                    } }</p>
                }
            </>
        }
    }

    fn view_thread_notice(&self) -> Html {
        let lang = self.lang;
        if !self.lesson.uses_threads() {
            return html! {};
        }
        match &self.pool {
            Pool::Ready(_) => html! {},
            Pool::NotStarted | Pool::Starting => html! { <p class="notice">{ t(lang, "Starting the Web Worker pool…", "正在启动 Web Worker 池…") }</p> },
            Pool::Unavailable(reason) => {
                let why = if self.isolated {
                    format!("{} {reason}", t(lang, "The page is cross-origin isolated, but the worker pool failed to start:", "页面已跨源隔离，但 worker 池启动失败："))
                } else {
                    t(lang,
                      "This page is not cross-origin isolated, so it cannot share memory with Web Workers, and real threads need shared memory.",
                      "本页没有跨源隔离，无法与 Web Worker 共享内存，而真正的线程需要共享内存。").to_string()
                };
                html! {
                    <div class="explainer" data-testid="thread-explainer">
                        <h3>{ t(lang, "This lesson needs threads", "本课需要线程") }</h3>
                        <p>{ why }</p>
                        <p>{ t(lang,
                            "To run it, serve the site with these two response headers (`make serve` does):",
                            "要运行它，请让服务器返回这两个响应头（`make serve` 已经这样做）：") }</p>
                        <pre>{ "Cross-Origin-Opener-Policy: same-origin\nCross-Origin-Embedder-Policy: require-corp" }</pre>
                        <p>{ t(lang,
                            "On static hosts add them in the host's header settings (for example a `_headers` file). Embedded in an iframe, the embedding page must be isolated too and the iframe needs allow=\"cross-origin-isolated\". The event-loop lessons run everywhere.",
                            "静态托管时，在托管服务的响应头设置中加入它们（例如 `_headers` 文件）。嵌入 iframe 时，外层页面也必须跨源隔离，且 iframe 需要 allow=\"cross-origin-isolated\"。事件循环类课程在任何地方都能运行。") }</p>
                    </div>
                }
            }
        }
    }

    fn view_variants(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        if self.lesson.variants.len() < 2 {
            return html! {};
        }
        let items = self.lesson.variants.iter().map(|v| {
            let key = v.key;
            let onchange = ctx.link().callback(move |_| Msg::SetVariant(key));
            html! {
                <label class="variant" title={v.about.get(lang)}>
                    <input type="radio" name="variant" data-variant={if key.is_empty() { "default" } else { key }} checked={self.variant == key} {onchange} />
                    { v.label.get(lang) }
                    if !v.about.get(lang).is_empty() { <small>{ v.about.get(lang) }</small> }
                </label>
            }
        });
        html! { <fieldset class="variants"><legend>{ t(lang, "Variant", "变体") }</legend>{ for items }</fieldset> }
    }

    fn param_input(&self, ctx: &Context<Self>, name: &'static str, class: &'static str) -> Html {
        let value = self.raw.get(name).cloned().unwrap_or_default();
        let oninput = ctx.link().callback(move |e: InputEvent| Msg::SetParam(name, e.target_unchecked_into::<HtmlInputElement>().value()));
        let size = value.chars().count().clamp(1, MAX_FIELD_CHARS).to_string();
        html! { <input class={class} data-param={name} type="text" inputmode="decimal" spellcheck="false" {size} value={value} {oninput} /> }
    }

    fn view_params(&self, ctx: &Context<Self>, problems: &[Problem]) -> Html {
        let lang = self.lang;
        let fields = self.lesson.params.iter().map(|p| {
            let err = problems.iter().find(|pr| pr.param.as_deref() == Some(p.name));
            html! {
                <div class={classes!("field", err.map(|_| "bad"))}>
                    <label>{ p.label.get(lang) }{ self.param_input(ctx, p.name, "param") }</label>
                    if let Some(e) = err { <span class="param-error" data-testid="param-error" data-for={p.name}>{ e.msg.get(lang) }</span> }
                </div>
            }
        });
        html! { <div class="params">{ for fields }</div> }
    }

    /// Ctrl+Enter (⌘+Enter on a Mac) anywhere in the lesson runs it, as in most code playgrounds:
    /// a learner editing a value need not reach for the mouse. It does what the Run button does,
    /// and nothing while a run is going (the button is disabled then too).
    fn run_key(&self, ctx: &Context<Self>) -> Callback<KeyboardEvent> {
        let running = self.run.status == Status::Running;
        ctx.link().batch_callback(move |e: KeyboardEvent| {
            if running || e.key() != "Enter" || !(e.ctrl_key() || e.meta_key()) {
                return None;
            }
            e.prevent_default();
            Some(Msg::Run)
        })
    }

    fn view_controls(&self, ctx: &Context<Self>, problems: &[Problem]) -> Html {
        let lang = self.lang;
        let running = self.run.status == Status::Running;
        let blocked = !problems.is_empty() || self.threads_unavailable();
        let model = {
            let (values, problems) = self.evaluate();
            // An edited program's model is known only once it has run (see the timing figures).
            if problems.is_empty() && self.edited.is_none() { (self.lesson.predict)(&values, self.variant, &self.env()) } else { None }
        };
        html! {
            <div class="controls">
                <button class="run" data-testid="run" title={t(lang, "Run (Ctrl+Enter)", "运行（Ctrl+Enter）")} disabled={blocked || running} onclick={ctx.link().callback(|_| Msg::Run)}>{ t(lang, "▶ Run", "▶ 运行") }</button>
                <button class="stop" data-testid="stop" disabled={!running} onclick={ctx.link().callback(|_| Msg::Stop)}>{ t(lang, "■ Stop", "■ 停止") }</button>
                <span class={classes!("status", self.run.status.as_str())}>
                    { t(lang, "status: ", "状态：") }<span data-testid="run-status">{ self.run.status.as_str() }</span>
                </span>
                if let Some(ms) = model {
                    <span class="model">{ t(lang, "model predicts ", "模型预测 ") }{ format!("{:.0} ms", ms) }</span>
                }
                if let Some(n) = &self.run.note { <span class="note">{ n.get(lang) }</span> }
            </div>
        }
    }

    fn view_code(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let tab = |which: Tab, label: &'static str| {
            let onclick = ctx.link().callback(move |_| Msg::SetTab(which));
            let testid = match which {
                Tab::Python => "tab-python",
                Tab::Rust => "tab-rust",
                Tab::Bytecode => "tab-bytecode",
            };
            html! { <button data-testid={testid} class={classes!("tab", (self.tab == which).then_some("on"))} {onclick}>{ label }</button> }
        };
        // A lesson that runs its listing on the interpreter shows the bytecode that runs; the
        // others still run Rust, and show it.
        let interpreted = lessons::runs_its_listing(self.lesson);
        let shown = match self.tab {
            Tab::Rust | Tab::Bytecode if interpreted => Tab::Bytecode,
            Tab::Rust | Tab::Bytecode => Tab::Rust,
            Tab::Python => Tab::Python,
        };
        let body = match shown {
            Tab::Python if self.edited.is_some() => {
                let code = self.edited.clone().unwrap_or_default();
                let rows = (code.lines().count() + 1).clamp(4, 60).to_string();
                let oninput = ctx.link().callback(|e: InputEvent| Msg::EditText(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()));
                let onchange = ctx.link().callback(|e: Event| Msg::EditDone(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()));
                html! {
                    <textarea class="listing python editor" data-testid="editor" spellcheck="false" autocomplete="off" {rows} value={code} {oninput} {onchange}
                        aria-label={t(lang, "Your program", "你的程序")} />
                }
            }
            Tab::Python => {
                let segs = segments((self.lesson.listing)(self.variant)).into_iter().map(|s| match s {
                    Segment::Code(c) => html! { { c.to_string() } },
                    Segment::Param(n) => match self.lesson.param(n) {
                        Some(p) => self.param_input(ctx, p.name, "inline"),
                        None => html! { { n.to_string() } },
                    },
                });
                html! { <pre class="listing python" data-testid="listing">{ for segs }</pre> }
            }
            Tab::Rust => {
                let file = self.lesson.source;
                let text = match self.sources.get(file) {
                    Some(Ok(text)) => text.clone(),
                    Some(Err(e)) => format!("// {}: {e}", t(lang, "The source could not be loaded", "无法加载源代码")),
                    None => format!("// {}", t(lang, "loading…", "加载中…")),
                };
                html! { <pre class="listing rust" data-testid="rust-source">{ text }</pre> }
            }
            Tab::Bytecode => {
                let source = render_listing(self.lesson, self.variant, &self.evaluate().0);
                let text = interpreted::bytecode(&source, &interpreted::file_name(self.lesson)).unwrap_or_else(|e| e);
                html! { <pre class="listing bytecode" data-testid="bytecode">{ text }</pre> }
            }
        };
        html! {
            <>
                <div class="tabs">
                    { tab(Tab::Python, "Python") }
                    if interpreted && self.edited.is_none() {
                        <button class="tab edit" data-testid="edit" onclick={ctx.link().callback(|_| Msg::Edit)}>{ t(lang, "✎ Edit", "✎ 编辑") }</button>
                    }
                    if self.edited.is_some() {
                        <button class="tab reset" data-testid="reset" onclick={ctx.link().callback(|_| Msg::ResetProgram)}>{ t(lang, "↺ Reset", "↺ 还原") }</button>
                        <button class="tab share" data-testid="share" onclick={ctx.link().callback(|_| Msg::Share)}>{ t(lang, "Share", "分享") }</button>
                    }
                    if interpreted {
                        { tab(Tab::Bytecode, t(lang, "Bytecode that runs", "实际运行的字节码")) }
                    } else {
                        { tab(Tab::Rust, t(lang, "Rust that runs", "实际运行的 Rust")) }
                    }
                </div>
                if self.edited.is_some() {
                    <p class="note" data-testid="edited-note">{ t(lang,
                        "You are running your own version of the program: the values in the form no longer apply, and its model is the program itself on a virtual clock, computed after each run.",
                        "你正在运行自己修改的程序：表单中的数值不再起作用；它的模型是这个程序本身在虚拟时钟上的运行，每次运行后计算。") }
                        if let Some(n) = &self.share_note { <span data-testid="share-note">{ format!(" {}", n.get(lang)) }</span> }
                    </p>
                }
                { body }
            </>
        }
    }

    fn view_timing(&self) -> Html {
        let lang = self.lang;
        let r = &self.run;
        let num = |v: Option<f64>| v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into());
        let model = if r.model.is_some() { "…".to_string() } else { num(r.predicted_ms) };
        let model_note = match (&r.program, r.model_gave_up) {
            (None, _) => None,
            (Some(_), Some(budget_ms)) => Some(Text2::new(
                format!("The model was still computing after {:.0} s and was given up: on a virtual clock computing takes no time, so a loop that waits for the clock to move never ends there.", budget_ms / 1000.0),
                format!("模型计算了 {:.0} 秒仍未结束，已放弃：虚拟时钟上计算不花时间，所以等待时钟走动的循环在那里永远不会结束。", budget_ms / 1000.0),
            )),
            (Some(_), None) => Some(Text2::new(
                "Model: your program on a virtual clock, where every sleep takes exactly its time and computing takes none; what the measured time adds to it is what computing and the browser's timers cost.",
                "模型：你的程序在虚拟时钟上运行，每次 sleep 恰好花费它的时长，计算不花时间；实测比它多出的部分，就是计算和浏览器计时器的开销。",
            )),
        };
        let ratio = match (r.elapsed_ms, r.predicted_ms) {
            (Some(e), Some(p)) if p > 0.0 => format!("× {:.3}", e / p),
            _ => String::new(),
        };
        let phases = r.trace.phases.iter().map(|p| html! {
            <tr>
                <td>{ p.label.clone() }</td>
                <td>{ format!("{:.0} ms", p.measured_ms) }</td>
                <td>{ format!("{:.0} ms", p.predicted_ms) }</td>
                <td>if let Some(s) = p.speedup { <span data-testid="speedup" data-phase={p.key.clone()}>{ format!("{s:.2}") }</span>{ "×" } }</td>
            </tr>
        });
        html! {
            <div class="timing">
                <div class="figure"><span class="k">{ t(lang, "measured", "实测") }</span>
                    <span class="v"><span data-testid="elapsed-ms">{ num(r.elapsed_ms) }</span>{ " ms" }</span></div>
                <div class="figure"><span class="k">{ t(lang, "model", "模型") }</span>
                    <span class="v"><span data-testid="predicted-ms">{ model }</span>{ " ms" }</span></div>
                <div class="figure"><span class="k">{ t(lang, "measured / model", "实测 / 模型") }</span><span class="v">{ ratio }</span></div>
                if let Some(n) = model_note { <p class="note model-note" data-testid="model-note">{ n.get(lang) }</p> }
                if !r.trace.phases.is_empty() {
                    <table class="phases">
                        <tr><th>{ t(lang, "phase", "阶段") }</th><th>{ t(lang, "measured", "实测") }</th><th>{ t(lang, "model", "模型") }</th><th>{ t(lang, "speed-up", "加速比") }</th></tr>
                        { for phases }
                    </table>
                }
            </div>
        }
    }

    fn view_output(&self) -> Html {
        let lang = self.lang;
        let lines = &self.run.trace.lines;
        let line = |l: &crate::core::trace::Line| html! {
            <div class="line">
                <span class="t">{ format!("{:>7.3}s", l.t / 1000.0) }</span>
                <span class="text" data-testid="output-line" data-t-ms={format!("{:.1}", l.t)}>{ l.text.clone() }</span>
            </div>
        };
        let body = if lines.len() <= MAX_LINES_SHOWN {
            html! { { for lines.iter().map(line) } }
        } else {
            let head = MAX_LINES_SHOWN * 4 / 5;
            let tail = MAX_LINES_SHOWN - head;
            let skipped = lines.len() - head - tail;
            html! {
                <>
                    { for lines[..head].iter().map(line) }
                    <div class="skipped">{ format!("… {skipped} {} …", t(lang, "more lines", "行已省略")) }</div>
                    { for lines[lines.len() - tail..].iter().map(line) }
                </>
            }
        };
        let end = match &self.run.outcome {
            Some(Outcome::Error(RunError::Py { kind, message })) => html! {
                <pre class="exception" data-testid="exception">{ format!("Traceback (most recent call last):\n  …\n{kind}: {message}") }</pre>
            },
            Some(Outcome::Error(RunError::Capacity(m))) => html! { <p class="problem" data-testid="run-error">{ m.clone() }</p> },
            Some(Outcome::Error(RunError::Traceback(text))) => html! {
                <pre class="exception" data-testid="exception">{ text.trim_end().to_string() }</pre>
            },
            Some(Outcome::Deadlock { at_ms, waiting }) => html! {
                <div class="deadlock" data-testid="deadlock">
                    <strong>{ format!("{} {:.2} s: ", t(lang, "Deadlock at", "死锁，时间"), at_ms / 1000.0) }</strong>
                    { t(lang, "no task can run and no timer is pending. CPython would wait here forever; the playground stops the run and shows who waits on what.", "没有任务能运行，也没有待触发的定时器。CPython 会在这里永远等下去；本站停止运行，并列出谁在等待什么。") }
                    <ul>{ for waiting.iter().map(|w| html! { <li>{ format!("{} → {}", w.task, w.on) }</li> }) }</ul>
                </div>
            },
            _ => html! {},
        };
        html! {
            <div class="output" data-testid="output">
                <h2>{ t(lang, "Output", "输出") }</h2>
                { body }
                { end }
            </div>
        }
    }

    fn view_legend(&self) -> Html {
        let lang = self.lang;
        html! {
            <p class="legend">
                <span class="sw task"></span>{ t(lang, "task / thread", "任务 / 线程") }
                <span class="sw wait"></span>{ t(lang, "waiting", "等待") }
                <span class="sw blocked"></span>{ t(lang, "loop blocked", "循环被阻塞") }
                <span class="sw gil"></span>{ t(lang, "holds the GIL", "持有 GIL") }
                <span class="sw handover"></span>{ t(lang, "hand-over", "交接") }
            </p>
        }
    }
}
