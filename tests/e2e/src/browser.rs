//! Headless Chromium driven through a ChromeDriver child process.

use std::ffi::OsString;
use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::{http, Result};

const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const DEFAULT_CHROME: &str = "/usr/bin/chromium";
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a navigation or a script may take before ChromeDriver gives up on it. WebDriver's
/// defaults (300 s for a page load) would let a page whose main thread is stuck hold every later
/// command for minutes; a case should fail fast and say so instead.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// One browser session: a ChromeDriver child process, a Chromium it started, and a client.
///
/// Prefer [`Browser::quit`]; dropping it also ends the session (Chromium exits) and kills
/// ChromeDriver, so a panicking test leaves no processes behind.
pub struct Browser {
    client: Client,
    session_id: Option<String>,
    closed: bool,
    driver: Driver,
}

impl Browser {
    /// Starts ChromeDriver (`$CHROMEDRIVER`, default /usr/bin/chromedriver) on a free port and
    /// opens a headless Chromium session (`$CHROME`, default /usr/bin/chromium) with a fresh profile.
    pub async fn start() -> Result<Browser> {
        let chrome = env_or("CHROME", DEFAULT_CHROME);
        if !Path::new(&chrome).exists() {
            return Err(format!(
                "Chromium not found at {}: install Debian's `chromium` package or set CHROME",
                Path::new(&chrome).display()
            )
            .into());
        }
        let driver = Driver::start().await?;
        let profile = driver.dir.join("profile");
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            // The lessons are measured against wall-clock predictions, so timers must not be
            // throttled as they may be for pages Chromium considers hidden or in the background.
            "--disable-background-timer-throttling".into(),
            "--disable-renderer-backgrounding".into(),
            "--disable-backgrounding-occluded-windows".into(),
            // A fixed size makes screenshots comparable from run to run.
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chrome.to_string_lossy(),
                "args": args,
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("json! of an object literal is an object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://{}", driver.addr))
            .await
            .map_err(|e| {
                format!(
                    "ChromeDriver could not start Chromium ({}): {e}\n{}",
                    Path::new(&chrome).display(),
                    driver.log_tail(20)
                )
            })?;
        client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(COMMAND_TIMEOUT),
                Some(COMMAND_TIMEOUT),
                Some(Duration::ZERO),
            ))
            .await?;
        let session_id = client.session_id().await?;
        Ok(Browser {
            client,
            session_id,
            closed: false,
            driver,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The browser console entries logged since the previous call (ChromeDriver hands each entry
    /// out once), e.g. uncaught exceptions from the page's JS glue or wasm.
    pub fn console_log(&self) -> Result<Vec<String>> {
        let Some(session) = &self.session_id else {
            return Ok(Vec::new());
        };
        let response = http::request(
            self.driver.addr,
            "POST",
            &format!("/session/{session}/se/log"),
            Some(r#"{"type":"browser"}"#),
            Duration::from_secs(10),
        )?;
        let body: Value = serde_json::from_slice(&response.body)?;
        let entries = body["value"].as_array().cloned().unwrap_or_default();
        Ok(entries
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["level"].as_str().unwrap_or("?"),
                    e["message"].as_str().unwrap_or("")
                )
            })
            .collect())
    }

    /// Runs `source` in every page this browser opens from now on, before the page's own scripts
    /// (Chrome DevTools' `Page.addScriptToEvaluateOnNewDocument`, through ChromeDriver's `goog/cdp`
    /// extension, which fantoccini has no method for): a way to watch what a page does from its
    /// first moment, such as every Web Worker it constructs.
    pub fn add_init_script(&self, source: &str) -> Result<()> {
        let Some(session) = &self.session_id else {
            return Err("the browser has no session".into());
        };
        let body = json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": source },
        });
        let response = http::request(
            self.driver.addr,
            "POST",
            &format!("/session/{session}/goog/cdp/execute"),
            Some(&body.to_string()),
            Duration::from_secs(10),
        )?;
        if response.status != 200 {
            return Err(format!(
                "ChromeDriver refused the init script ({}): {}",
                response.status,
                String::from_utf8_lossy(&response.body)
            )
            .into());
        }
        Ok(())
    }

    /// The last `lines` lines ChromeDriver logged, Chromium's own output included: where a crashed
    /// or stuck renderer says what happened to it.
    pub fn log_tail(&self, lines: usize) -> String {
        self.driver.log_tail(lines)
    }

    /// Chromium's and ChromeDriver's versions, as they print them.
    pub fn versions() -> String {
        let version = |exe: OsString| {
            Command::new(&exe)
                .arg("--version")
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| format!("{} (no version)", Path::new(&exe).display()))
        };
        format!(
            "{}; {}",
            version(env_or("CHROME", DEFAULT_CHROME)),
            version(env_or("CHROMEDRIVER", DEFAULT_CHROMEDRIVER))
        )
    }

    /// Ends the session (Chromium exits) and stops ChromeDriver. A browser that does not answer
    /// within a few seconds is killed with its driver instead.
    pub async fn quit(mut self) -> Result<()> {
        self.closed = true;
        let close = self.client.clone().close();
        match tokio::time::timeout(Duration::from_secs(10), close).await {
            Ok(result) => result?,
            Err(_) => return Err("the browser did not close within 10 s; it was killed".into()),
        }
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Drop cannot await the client, and killing ChromeDriver alone would orphan Chromium, so
        // the session is deleted with a blocking request to ChromeDriver first.
        if let (false, Some(session)) = (self.closed, &self.session_id) {
            let _ = http::request(
                self.driver.addr,
                "DELETE",
                &format!("/session/{session}"),
                None,
                Duration::from_secs(15),
            );
        }
    }
}

/// The ChromeDriver process, killed on drop, and its temp dir (log and browser profile).
struct Driver {
    child: Child,
    addr: SocketAddr,
    dir: PathBuf,
}

impl Driver {
    async fn start() -> Result<Driver> {
        let exe = env_or("CHROMEDRIVER", DEFAULT_CHROMEDRIVER);
        let port = free_port()?;
        let dir = crate::fresh_temp_dir("e2e-chrome")?;
        let log = File::create(dir.join("chromedriver.log"))?;
        // ChromeDriver and the Chromium it starts get a process group of their own, so that a
        // browser that no longer answers can be killed whole (see `Drop for Driver`).
        let child = Command::new(&exe)
            .arg(format!("--port={port}"))
            .arg("--enable-chrome-logs")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start ChromeDriver {}: {e} (install Debian's `chromium-driver` \
                     package or set CHROMEDRIVER)",
                    Path::new(&exe).display()
                )
            })?;
        let mut driver = Driver {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            dir,
        };
        driver.wait_ready().await?;
        Ok(driver)
    }

    async fn wait_ready(&mut self) -> Result<()> {
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Err(format!(
                    "ChromeDriver exited early ({status})\n{}",
                    self.log_tail(20)
                )
                .into());
            }
            let probe = http::request(self.addr, "GET", "/status", None, Duration::from_secs(2));
            if let Ok(response) = probe {
                let ready = serde_json::from_slice::<Value>(&response.body)
                    .map(|v| v["value"]["ready"] == Value::Bool(true))
                    .unwrap_or(false);
                if response.status == 200 && ready {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "ChromeDriver did not answer on {} within {:?}\n{}",
                    self.addr,
                    DRIVER_START_TIMEOUT,
                    self.log_tail(20)
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn log_tail(&self, count: usize) -> String {
        let log = std::fs::read(self.dir.join("chromedriver.log")).unwrap_or_default();
        let log = String::from_utf8_lossy(&log);
        // Console messages are reported on their own, and the D-Bus complaints of a machine without
        // a desktop session come with every start; neither says anything about a failure.
        let lines: Vec<&str> = log
            .lines()
            .filter(|l| !l.contains(":INFO:CONSOLE") && !l.contains("dbus/"))
            .collect();
        let tail = lines[lines.len().saturating_sub(count)..].join("\n");
        format!("ChromeDriver log (last lines):\n{tail}")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: ChromeDriver, and any Chromium process the session's end left behind.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn env_or(name: &str, default: &str) -> OsString {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.into())
}

/// A port that was free a moment ago. ChromeDriver takes the port on its command line, so there
/// is a small window in which another process could take it; the readiness probe would then fail
/// with ChromeDriver's own complaint in the log.
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
