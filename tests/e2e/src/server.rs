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
                            let Ok(stream) = long_targets_cut(stream).await else { return };
                            let service = hyper::service::service_fn(move |req| {
                                let root = root.clone();
                                async move { Ok::<_, Infallible>(respond(&root, isolated, req)) }
                            });
                            // The browser may drop a connection (navigation away mid-run).
                            // One request per connection: the cut below sees only a
                            // connection's first request, and the browser would otherwise send
                            // a later (long) navigation on a connection kept alive. On the
                            // loopback interface a new connection costs a fraction of a ms.
                            let _ = hyper::server::conn::http1::Builder::new()
                                .keep_alive(false)
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

/// Longer request targets than this have their query cut off before hyper reads them.
const LONG_TARGET: usize = 8 * 1024;
/// A request head larger than this is left to hyper to refuse.
const MAX_HEAD: usize = 4 * 1024 * 1024;

/// hyper answers 414 to a request target over 64 KiB and has no setting for that, but the flood
/// cases open addresses of 100 KB and more, as a learner's browser would. Files are found by path
/// alone, so for a request with a long target the query is cut off before hyper reads it (the page
/// reads its address from `location`, not from the server). Connections carry one request each
/// (see `serve`), so no later request can arrive on one uncut.
async fn long_targets_cut(stream: tokio::net::TcpStream) -> std::io::Result<Prefixed> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let end = loop {
        if let Some(i) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break Some(i + 4);
        }
        if head.len() > MAX_HEAD {
            break None;
        }
        stream.readable().await?;
        match stream.try_read(&mut chunk) {
            Ok(0) => break None,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    };
    let first_line = head.iter().position(|b| *b == b'\r').unwrap_or(head.len());
    let prefix = match end {
        Some(end) if first_line > LONG_TARGET => {
            let text = String::from_utf8_lossy(&head[..end]).into_owned();
            let mut lines = text.split("\r\n");
            let request = lines.next().unwrap_or_default();
            let mut parts = request.split(' ');
            let (method, target, version) = (parts.next().unwrap_or("GET"), parts.next().unwrap_or("/"), parts.next().unwrap_or("HTTP/1.1"));
            let path = target.split('?').next().unwrap_or("/");
            let mut out = format!("{method} {path} {version}\r\n");
            for line in lines.filter(|l| !l.is_empty() && !l.to_ascii_lowercase().starts_with("connection:")) {
                out += line;
                out += "\r\n";
            }
            out += "Connection: close\r\n\r\n";
            let mut bytes = out.into_bytes();
            bytes.extend_from_slice(&head[end..]);
            bytes
        }
        _ => head,
    };
    Ok(Prefixed { prefix, at: 0, inner: stream })
}

/// A connection whose first bytes were already read: they are handed out again first.
struct Prefixed {
    prefix: Vec<u8>,
    at: usize,
    inner: tokio::net::TcpStream,
}

impl tokio::io::AsyncRead for Prefixed {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.at < self.prefix.len() {
            let n = buf.remaining().min(self.prefix.len() - self.at);
            let at = self.at;
            buf.put_slice(&self.prefix[at..at + n]);
            self.at += n;
            return std::task::Poll::Ready(Ok(()));
        }
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Prefixed {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
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

    /// hyper alone would answer 414 to a target over 64 KiB; the page's flood cases need them.
    #[test]
    fn serves_the_page_at_an_address_of_100_kb() {
        let dist = sample_dist();
        let server = serve(&dist, true);
        let long = format!("/?lesson=say-hello{}", "&x=1".repeat(25_600));
        let r = get(&server, &long);
        assert_eq!(r.status, 200);
        assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
        assert_eq!(get(&server, "/app.js").status, 200);
        std::fs::remove_dir_all(&dist).unwrap();
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
