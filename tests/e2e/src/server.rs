//! A static file server for the built site.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Method, Request, Response};
use hyper_util::rt::TokioIo;

/// A running static server; it stops and joins its thread when the last clone is dropped.
///
/// It is hyper on a runtime and thread of its own, serving every connection concurrently. (An
/// earlier server with a fixed pool of four handler threads sometimes never finished sending the
/// wasm while a page started its workers, and the page never rendered.)
#[derive(Clone)]
pub struct Server {
    addr: SocketAddr,
    _running: Arc<Running>,
}

/// The server's stop signal and thread, shared by the clones of a [`Server`].
struct Running {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
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

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub fn serve(dist: &Path, isolated: bool) -> Server {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap_or_else(|e| panic!("cannot listen on 127.0.0.1: {e}"));
    let addr = listener
        .local_addr()
        .expect("a TCP listener has an address");
    listener
        .set_nonblocking(true)
        .expect("a listener can be made non-blocking");
    let root = Arc::new(dist.to_path_buf());
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime for the server");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)
                .expect("the listener joins the runtime");
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let root = root.clone();
                        tokio::spawn(async move {
                            let service = hyper::service::service_fn(move |req| {
                                let root = root.clone();
                                async move { Ok::<_, Infallible>(respond(&root, isolated, req)) }
                            });
                            // The browser may drop a connection (navigation away mid-run).
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        });
                    }
                }
            }
        });
    });
    Server {
        addr,
        _running: Arc::new(Running {
            stop: Some(stop),
            thread: Some(thread),
        }),
    }
}

fn respond(root: &Path, isolated: bool, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (status, content_type, body) = match *request.method() {
        Method::GET | Method::HEAD => lookup(root, &request.uri().to_string()),
        _ => (
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        ),
    };
    let mut response = Response::builder()
        .status(status)
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-store");
    if isolated {
        response = response
            .header("Cross-Origin-Opener-Policy", "same-origin")
            .header("Cross-Origin-Embedder-Policy", "require-corp");
    }
    response
        .body(Full::new(Bytes::from(body)))
        .expect("a response of valid parts")
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
    use std::time::Duration;

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
