//! A static file server for the built site.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

/// Several handler threads, because the browser fetches the wasm, the JS glue and the worker
/// scripts in parallel and the wasm alone can take a while to read and send.
const HANDLER_THREADS: usize = 4;

/// A running static server; it stops and joins its threads when dropped.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// The absolute URL of `path_and_query` on this server, e.g. `url("/?lesson=x")` or
    /// `url("?lesson=x")`.
    pub fn url(&self, path_and_query: &str) -> String {
        let sep = if path_and_query.starts_with('/') {
            ""
        } else {
            "/"
        };
        format!("http://{}{sep}{path_and_query}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Serves `dist` on 127.0.0.1 on a free port. With `isolated`, every response carries the
/// COOP/COEP headers that make the page cross-origin isolated (needed for SharedArrayBuffer and
/// so for the thread lessons' worker pool).
pub fn serve(dist: &Path, isolated: bool) -> Server {
    let http = Arc::new(
        tiny_http::Server::http("127.0.0.1:0")
            .unwrap_or_else(|e| panic!("cannot listen on 127.0.0.1: {e}")),
    );
    let addr = http
        .server_addr()
        .to_ip()
        .expect("a TCP listener has an IP address");
    let root = Arc::new(dist.to_path_buf());
    let stop = Arc::new(AtomicBool::new(false));
    let threads = (0..HANDLER_THREADS)
        .map(|_| {
            let (http, root, stop) = (http.clone(), root.clone(), stop.clone());
            std::thread::spawn(move || {
                // Polling with a timeout lets Drop stop the threads without a shutdown request.
                while !stop.load(Ordering::Relaxed) {
                    match http.recv_timeout(Duration::from_millis(100)) {
                        Ok(Some(request)) => respond(&root, isolated, request),
                        Ok(None) => {}
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    Server {
        addr,
        stop,
        threads,
    }
}

fn respond(root: &Path, isolated: bool, request: Request) {
    let (status, content_type, body) = match request.method() {
        Method::Get | Method::Head => lookup(root, request.url()),
        _ => (
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        ),
    };
    let mut response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"));
    if isolated {
        response = response
            .with_header(header("Cross-Origin-Opener-Policy", "same-origin"))
            .with_header(header("Cross-Origin-Embedder-Policy", "require-corp"));
    }
    // The browser may give up on a request (navigation away mid-run); nothing to do about that.
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn lookup(root: &Path, url: &str) -> (u16, &'static str, Vec<u8>) {
    let not_found = (404, "text/plain; charset=utf-8", b"not found\n".to_vec());
    let Some(path) = resolve(root, url) else {
        return not_found;
    };
    match std::fs::read(&path) {
        Ok(body) => (200, mime_type(&path), body),
        Err(_) => not_found,
    }
}

/// Maps a request target to a file under `root`, refusing anything that would leave it.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\0') => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") | Some("htm") => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript",
        // Browsers only compile wasm with `instantiateStreaming` when it has this exact type.
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") | Some("map") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http;

    fn get(server: &Server, path: &str) -> http::Response {
        http::request(server.addr(), "GET", path, None, Duration::from_secs(10)).unwrap()
    }

    fn sample_dist() -> PathBuf {
        let dir = crate::fresh_temp_dir("e2e-dist").unwrap();
        std::fs::create_dir_all(dir.join("snippets/rayon/src")).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html><title>x</title>").unwrap();
        std::fs::write(dir.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(dir.join("app.js"), "export default 1;").unwrap();
        std::fs::write(dir.join("style.css"), "body{}").unwrap();
        std::fs::write(dir.join("logo.svg"), "<svg/>").unwrap();
        std::fs::write(dir.join("icon.png"), b"\x89PNG").unwrap();
        std::fs::write(dir.join("snippets/rayon/src/workerHelpers.js"), "//").unwrap();
        dir
    }

    #[test]
    fn serves_files_with_their_types_and_isolation_headers() {
        let dist = sample_dist();
        let server = serve(&dist, true);
        for (path, ty) in [
            ("/", "text/html; charset=utf-8"),
            (
                "/?lesson=hello-sleep-world&run=1",
                "text/html; charset=utf-8",
            ),
            ("/index.html", "text/html; charset=utf-8"),
            ("/app_bg.wasm", "application/wasm"),
            ("/app.js?v=3", "text/javascript"),
            ("/style.css", "text/css"),
            ("/logo.svg", "image/svg+xml"),
            ("/icon.png", "image/png"),
            ("/snippets/rayon/src/workerHelpers.js", "text/javascript"),
        ] {
            let r = get(&server, path);
            assert_eq!(r.status, 200, "{path}");
            assert_eq!(r.header("content-type"), Some(ty), "{path}");
            assert_eq!(
                r.header("cross-origin-opener-policy"),
                Some("same-origin"),
                "{path}"
            );
            assert_eq!(
                r.header("cross-origin-embedder-policy"),
                Some("require-corp"),
                "{path}"
            );
        }
        assert_eq!(get(&server, "/app_bg.wasm").body, b"\0asm\x01\0\0\0");

        let missing = get(&server, "/nope.js");
        assert_eq!(missing.status, 404);
        assert_eq!(
            missing.header("cross-origin-embedder-policy"),
            Some("require-corp")
        );
        assert_eq!(get(&server, "/../Cargo.toml").status, 404);
        assert_eq!(get(&server, "/%2e%2e/Cargo.toml").status, 404);
        drop(server);
        std::fs::remove_dir_all(&dist).unwrap();
    }

    #[test]
    fn plain_server_sends_no_isolation_headers() {
        let dist = sample_dist();
        let server = serve(&dist, false);
        let r = get(&server, "/");
        assert_eq!(r.status, 200);
        assert_eq!(r.header("cross-origin-opener-policy"), None);
        assert_eq!(r.header("cross-origin-embedder-policy"), None);
        assert!(server.url("?lesson=x").ends_with("/?lesson=x"));
        assert_eq!(server.url("/a"), format!("http://{}/a", server.addr()));
        drop(server);
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
