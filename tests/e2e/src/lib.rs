//! End-to-end harness for the built Concurrency Playground site.
//!
//! It serves `dist/` on the loopback interface (with or without cross-origin isolation), drives
//! headless Chromium through ChromeDriver with fantoccini, and reads the page's test contract
//! (`data-testid` attributes). The lesson tests and the `bench` binary are both built on it.

mod browser;
mod http;
mod page;
mod server;

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub use browser::Browser;
pub use page::{
    click_testid, error_texts, open, read_run, read_timing, run_to_done, speedups, status, text_of,
    wait_run_end, wait_status, wait_text, Run, Timing,
};
pub use server::{serve, Server};

/// Every failure in the harness is reported as text to a person, so one boxed error type suffices.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// The workspace root: this package lives in `<root>/tests/e2e`.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Cargo's target directory, where screenshots are written.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("target"),
    }
}

/// The built site: `$PLAYGROUND_DIST`, else `<workspace root>/dist`.
pub fn dist_dir() -> Result<PathBuf> {
    let dir = match std::env::var_os("PLAYGROUND_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("dist"),
    };
    check_dist(&dir)
}

fn check_dist(dir: &Path) -> Result<PathBuf> {
    if dir.join("index.html").is_file() {
        Ok(dir.to_path_buf())
    } else {
        Err(format!(
            "dist/ not built: run `make dist` first (no index.html in {})",
            dir.display()
        )
        .into())
    }
}

/// A new empty directory under the system temp dir, unique to this process and call.
pub(crate) fn fresh_temp_dir(prefix: &str) -> std::io::Result<PathBuf> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_dist_names_the_make_target() {
        let dir = fresh_temp_dir("e2e-nodist").unwrap();
        let err = check_dist(&dir).unwrap_err().to_string();
        assert!(
            err.contains("dist/ not built: run `make dist` first"),
            "{err}"
        );
        std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
        assert_eq!(check_dist(&dir).unwrap(), dir);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn workspace_root_holds_this_package() {
        assert!(workspace_root().join("tests/e2e/Cargo.toml").is_file());
    }
}
