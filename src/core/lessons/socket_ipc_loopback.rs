//! # socket-ipc-loopback: a TCP connection on localhost between two processes
//!
//! A server process binds `localhost:8888`, listens, signals that it is ready, accepts one
//! connection and reads until the client closes, then prints what it got: `Hello`. A client process
//! waits for the signal, connects, `sendall(b'Hello')` and closes. The published listing stops right
//! after `listen(1)`; this is the completed program, with an `Event` so the client never connects
//! before the server is listening.
//!
//! A browser tab has no raw sockets, so the connection is modelled: a `Pipe` between the two
//! processes carries what TCP would (connect, bytes, close), and the server's `recv(bufsize)`
//! returns at most `bufsize` bytes of whatever has arrived, as a stream socket does: message
//! boundaries are not kept, and `b''` means the other side closed. The "ready" `Event` is a message
//! on a `Queue`.

use std::collections::VecDeque;

use futures::future::{FutureExt, LocalBoxFuture};
use serde::{Deserialize, Serialize};

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};
use crate::core::process::{typed, Bytes, Conn, Ctx, MpQueue, Target};
use crate::core::trace::SpanKind;

pub static LESSON: Lesson = Lesson {
    id: "socket-ipc-loopback",
    chapter: Chapter::Queues,
    title: Text { en: "A socket on localhost between two processes", zh: "两个进程之间通过 localhost 套接字通信" },
    concept: Text {
        en: "Two processes on one machine can talk through a TCP socket on localhost, just as they would across a network. The server binds an address, listens and accepts; the client connects to the same address. A stream socket carries bytes, not messages: recv(n) returns up to n bytes of whatever has arrived, and b'' once the other side has closed, so the reader loops until then. The client must not connect before the server listens; an Event set after listen() orders the two. Browsers cannot open raw sockets, so here the connection is modelled as a byte stream carried by a Pipe between the two processes, with the same connect, sendall, recv and close behaviour.",
        zh: "同一台机器上的两个进程可以通过 localhost 上的 TCP 套接字通信，就像跨网络一样。服务器绑定地址、监听并 accept；客户端 connect 到同一地址。流式套接字传输的是字节而不是消息：recv(n) 返回已到达数据中最多 n 个字节，对方关闭后返回 b''，所以读取方要循环读到那时为止。客户端不能在服务器开始监听之前连接；在 listen() 之后 set 的 Event 保证了两者的先后。浏览器无法打开原始套接字，所以这里把连接模拟成两个进程之间由 Pipe 承载的字节流，connect、sendall、recv 和 close 的行为与真实套接字相同。",
    },
    expect: Text {
        en: "`Hello`, printed by the server process. With a small bufsize the server needs several recv() calls to read it; the result is the same. (The published listing is cut off after listen(), so as printed it does nothing.)",
        zh: "服务器进程打印 `Hello`。bufsize 较小时，服务器需要多次 recv() 才能读完；结果相同。（原文的代码在 listen() 之后就中断了，原样运行什么也不会发生。）",
    },
    params: &[Param { name: "bufsize", label: Text { en: "recv(bufsize) bytes", zh: "recv(bufsize) 字节数" }, kind: Kind::Int, default: 1024.0, min: 1.0, max: 65536.0 }],
    variants: &[Variant { key: "", label: Text { en: "completed program", zh: "补全后的程序" }, about: Text { en: "", zh: "" } }],
    listing: |_| LISTING,
    engine: Engine::Processes(main),
    predict,
    check: no_check,
    source: lesson_source!("socket_ipc_loopback.rs"),
};

pub static TARGETS: &[(&str, Target)] = &[("socket-ipc-loopback.server", server), ("socket-ipc-loopback.client", client)];

const LISTING: &str = r#"import socket
from multiprocessing import Process, Event

HOST, PORT = 'localhost', 8888

def server(ready):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((HOST, PORT))
        s.listen(1)
        ready.set()  # from now on a client can connect
        conn, addr = s.accept()
        with conn:
            data = b''
            while chunk := conn.recv({{bufsize}}):  # b'' once the client closes
                data += chunk
            print(data.decode())

def client(ready):
    ready.wait()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect((HOST, PORT))
        s.sendall(b'Hello')

if __name__ == '__main__':
    ready = Event()
    server_process = Process(target=server, args=(ready,))
    client_process = Process(target=client, args=(ready,))

    server_process.start()
    client_process.start()

    server_process.join()
    client_process.join()
"#;

/// Nothing sleeps: the run is start-up and a few messages.
fn predict(_: &Values, _: &str, _: &Env) -> Option<f64> {
    None
}

/// What crosses the modelled TCP connection.
#[derive(Serialize, Deserialize)]
enum Segment {
    /// `connect()`: the SYN that `accept()` waits for.
    Connect,
    /// Bytes, with no boundary the reader can see.
    Data(Vec<u8>),
    /// `close()`: the reader's next `recv` returns `b''`.
    Close,
}

/// One end of a stream socket over a pipe end.
struct Stream {
    conn: Conn,
    buf: VecDeque<u8>,
    closed: bool,
}

impl Stream {
    fn new(conn: Conn) -> Stream {
        Stream { conn, buf: VecDeque::new(), closed: false }
    }

    /// `s.accept()`: waits for a client's connect.
    async fn accept(&mut self, ctx: &Ctx) -> Result<(), RunError> {
        let span = ctx.begin(None, "s.accept()", SpanKind::Wait);
        let r = loop {
            match ctx.recv::<Segment>(&self.conn).await {
                Ok(Segment::Connect) => break Ok(()),
                Ok(Segment::Data(b)) => self.buf.extend(b),
                Ok(Segment::Close) => self.closed = true,
                Err(e) => break Err(e),
            }
        };
        ctx.end(span);
        r
    }

    /// `conn.recv(bufsize)`: at most `bufsize` bytes of what has arrived; waits only when nothing has.
    /// Each call is a bar on the timeline, so a small bufsize shows as several reads.
    async fn recv(&mut self, ctx: &Ctx, bufsize: usize) -> Result<Vec<u8>, RunError> {
        let span = ctx.begin(None, format!("conn.recv({bufsize})"), SpanKind::Wait);
        let mut r = Ok(());
        while self.buf.is_empty() && !self.closed {
            match ctx.recv::<Segment>(&self.conn).await {
                Ok(Segment::Data(b)) => self.buf.extend(b),
                Ok(Segment::Close) => self.closed = true,
                Ok(Segment::Connect) => {}
                Err(e) => {
                    r = Err(e);
                    break;
                }
            }
        }
        ctx.end(span);
        r?;
        let n = bufsize.min(self.buf.len());
        Ok(self.buf.drain(..n).collect())
    }

    fn connect(&self, ctx: &Ctx) -> Result<(), RunError> {
        ctx.send(&self.conn, &Segment::Connect)
    }
    fn sendall(&self, ctx: &Ctx, data: &[u8]) -> Result<(), RunError> {
        ctx.send(&self.conn, &Segment::Data(data.to_vec()))
    }
    fn close(&self, ctx: &Ctx) -> Result<(), RunError> {
        ctx.send(&self.conn, &Segment::Close)
    }
}

fn server(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(conn, ready, bufsize): (Conn, MpQueue, usize)| async move {
        let mut s = Stream::new(conn);
        // bind + listen, then ready.set().
        ctx.put(&ready, &true)?;
        s.accept(&ctx).await?;
        let mut data = Vec::new();
        loop {
            let chunk = s.recv(&ctx, bufsize.max(1)).await?;
            if chunk.is_empty() {
                break;
            }
            data.extend(chunk);
        }
        match String::from_utf8(data) {
            Ok(text) => ctx.print(text),
            Err(e) => return Err(RunError::py("UnicodeDecodeError", e.to_string())),
        }
        Ok(())
    })
}

fn client(ctx: Ctx, args: Bytes) -> LocalBoxFuture<'static, Result<Bytes, RunError>> {
    typed(args, move |(conn, ready): (Conn, MpQueue)| async move {
        // ready.wait()
        ctx.get_or_empty::<bool>(&ready, None).await?;
        let s = Stream::new(conn);
        s.connect(&ctx)?;
        s.sendall(&ctx, b"Hello")?;
        // Leaving `with socket...`: close.
        s.close(&ctx)?;
        Ok(())
    })
}

fn main(ctx: Ctx, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        // The loopback connection on localhost:8888, and the Event.
        let (server_end, client_end) = ctx.pipe(true)?;
        let ready = ctx.queue()?;
        let mut server = ctx.process("socket-ipc-loopback.server", &(server_end, ready, v.int("bufsize")), "server(ready)", &[])?;
        let mut client = ctx.process("socket-ipc-loopback.client", &(client_end, ready), "client(ready)", &[])?;
        server.start()?;
        client.start()?;
        server.join().await?;
        client.join().await?;
        Ok(())
    }
    .boxed_local()
}
