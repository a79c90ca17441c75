//! Headless Chromium driven through a ChromeDriver child process.

use std::ffi::OsString;
use std::fs::File;
use std::net::{SocketAddr, TcpListener};
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
                    driver.log_tail()
                )
            })?;
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

    /// Ends the session (Chromium exits) and stops ChromeDriver.
    pub async fn quit(mut self) -> Result<()> {
        self.closed = true;
        self.client.clone().close().await?;
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
        let child = Command::new(&exe)
            .arg(format!("--port={port}"))
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
                return Err(
                    format!("ChromeDriver exited early ({status})\n{}", self.log_tail()).into(),
                );
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
                    self.log_tail()
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        format!("ChromeDriver log (last lines):\n{tail}")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
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
