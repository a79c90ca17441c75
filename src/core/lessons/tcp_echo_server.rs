//! # tcp-echo-server: `asyncio.start_server`, one handler task per connection, echo
//!
//! The server listens on 127.0.0.1:8888 and starts `handle_client(reader, writer)` for each
//! connection: it reads up to 100 bytes, prints them, writes them back, and closes. The corrected
//! program also runs `clients` clients in the same loop, so it has something to serve and ends:
//! each client connects, sends `Hello i`, and prints the echo. Every write reaches the other side
//! `latency` seconds later, so with the defaults the run is: `Serving on ('127.0.0.1', 8888)` and
//! `Client sends: Hello 0` at 0 s, `Received …`/`Send: …` at one latency, `Close the connection`
//! and `Client received: Hello 0` at two latencies, end. Several clients are served at the same
//! time by their own handler tasks, so the run still takes two latencies.
//!
//! Browsers have no raw sockets. A connection here is a pair of byte streams between a client task
//! and a handler task in the page: two `asyncio.Queue`s of bytes, one per direction, with a reader
//! (`read(n)`, end of stream as `b""`) and a writer (`write`, `drain`, `close`) on top, and
//! `start_server`'s accept loop as a task reading new connections from a queue of its own. Client
//! ports are fixed (50000, 50001, …) where a real system picks them at random.

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture};

use crate::core::event_loop::{gather, Loop, Queue, TaskHandle};
use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, RunError, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "tcp-echo-server",
    chapter: Chapter::RealWorld,
    title: Text { en: "An asyncio TCP echo server", zh: "asyncio TCP 回显服务器" },
    concept: Text {
        en: "asyncio.start_server listens on an address and, for every connection, starts the handler coroutine as a new task with a StreamReader and a StreamWriter. Reading (await reader.read(100)) and flushing (await writer.drain()) are awaits, so one slow client never holds up the others: many connections are served at once on one thread. Browsers cannot open raw sockets, so in this page a connection is modelled as two byte streams (a pair of asyncio queues) between the server's handler task and a client task in the same loop, each write arriving after the chosen latency; the server logic is the same.",
        zh: "asyncio.start_server 在一个地址上监听，每来一个连接，就把处理协程作为新任务启动，并传入 StreamReader 和 StreamWriter。读取（await reader.read(100)）和刷新（await writer.drain()）都是 await，所以一个慢客户端不会拖住其他客户端：一个线程上同时服务多个连接。浏览器不能打开原始套接字，所以本页把连接建模为同一个循环中服务器处理任务与客户端任务之间的两条字节流（一对 asyncio 队列），每次写入在设定的延迟后到达；服务器的逻辑不变。",
    },
    expect: Text {
        en: "`Serving on ('127.0.0.1', 8888)` and `Client sends: Hello 0` at 0 s; `Received Hello 0 from ('127.0.0.1', 50000)` and `Send: Hello 0` at one latency; `Close the connection` and `Client received: Hello 0` at two latencies, then the run ends. The published program has no client and calls serve_forever(): it prints `Serving on …` and then waits for connections forever, until you stop it.",
        zh: "0 秒出现 `Serving on ('127.0.0.1', 8888)` 和 `Client sends: Hello 0`；一个延迟后出现 `Received Hello 0 from ('127.0.0.1', 50000)` 和 `Send: Hello 0`；两个延迟后出现 `Close the connection` 和 `Client received: Hello 0`，然后运行结束。原始程序没有客户端并调用 serve_forever()：打印 `Serving on …` 后永远等待连接，直到你停止它。",
    },
    params: &[
        Param { name: "clients", label: Text { en: "clients", zh: "客户端数" }, kind: Kind::Int, default: 1.0, min: 1.0, max: 50.0 },
        Param { name: "latency", label: Text { en: "network latency (s)", zh: "网络延迟（秒）" }, kind: Kind::Seconds, default: 0.5, min: 0.0, max: 10.0 },
    ],
    variants: &[Variant {
        key: "",
        label: Text { en: "with clients", zh: "带客户端" },
        about: Text {
            en: "The published server plus clients in the same program, so that it has something to serve and ends.",
            zh: "原始服务器加上同一程序中的客户端，这样它有连接可服务，并且会结束。",
        },
    }],
    listing: |_| LISTING,
    engine: Engine::EventLoop(main),
    predict,
    check: no_check,
    source: lesson_source!("tcp_echo_server.rs"),
};

const LISTING: &str = r#"import asyncio

LATENCY = {{latency}}  # one-way network delay (simulated)

async def handle_client(reader, writer):
    data = await reader.read(100)
    message = data.decode()
    addr = writer.get_extra_info('peername')
    print(f"Received {message} from {addr}")

    print(f"Send: {message}")
    writer.write(data)
    await asyncio.sleep(LATENCY)  # the bytes cross the network
    await writer.drain()

    print("Close the connection")
    writer.close()
    await writer.wait_closed()

async def client(message):
    reader, writer = await asyncio.open_connection('127.0.0.1', 8888)
    print(f"Client sends: {message}")
    writer.write(message.encode())
    await asyncio.sleep(LATENCY)  # the bytes cross the network
    await writer.drain()

    data = await reader.read(100)
    print(f"Client received: {data.decode()}")
    writer.close()
    await writer.wait_closed()

async def main():
    server = await asyncio.start_server(
        handle_client, '127.0.0.1', 8888)

    addr = server.sockets[0].getsockname()
    print(f'Serving on {addr}')

    async with server:  # closes the server on the way out
        # published: await server.serve_forever() (no client: runs forever)
        await asyncio.gather(*(client(f"Hello {i}") for i in range({{clients}})))

asyncio.run(main())
"#;

/// The model: every client's request and its echo each cross the network once, all clients at the
/// same time: two latencies.
fn predict(v: &Values, _: &str, _: &Env) -> Option<f64> {
    Some(2.0 * v.get("latency") * 1000.0)
}

/// One direction of a connection: chunks of bytes; an empty chunk is the end of the stream.
type Wire = Queue<Vec<u8>>;

/// `asyncio.StreamReader` over one direction of a connection.
struct StreamReader {
    wire: Wire,
    buf: RefCell<Vec<u8>>,
    eof: RefCell<bool>,
}

impl StreamReader {
    /// `await reader.read(n)`: up to `n` bytes, waiting if none have arrived; `b""` at the end.
    async fn read(&self, n: usize) -> Vec<u8> {
        if self.buf.borrow().is_empty() && !*self.eof.borrow() {
            let chunk = self.wire.get().await;
            if chunk.is_empty() {
                *self.eof.borrow_mut() = true;
            }
            self.buf.borrow_mut().extend(chunk);
        }
        let mut buf = self.buf.borrow_mut();
        let take = n.min(buf.len());
        buf.drain(..take).collect()
    }
}

/// `asyncio.StreamWriter` over the other direction; bytes arrive `latency` seconds after a write.
struct StreamWriter {
    lp: Loop,
    wire: Wire,
    pending: RefCell<Vec<u8>>,
    latency: f64,
    peer: (String, u16),
}

impl StreamWriter {
    fn write(&self, data: &[u8]) {
        self.pending.borrow_mut().extend_from_slice(data);
    }
    /// The listing's `await asyncio.sleep(LATENCY)` + `await writer.drain()`: the bytes cross.
    async fn drain(&self) {
        self.lp.sleep(self.latency).await;
        let data = std::mem::take(&mut *self.pending.borrow_mut());
        if !data.is_empty() {
            self.wire.put(data).await;
        }
    }
    /// `writer.close()`: the other side reads the end of the stream.
    async fn close(&self) {
        self.wire.put(Vec::new()).await;
    }
    fn peername(&self) -> String {
        format!("('{}', {})", self.peer.0, self.peer.1)
    }
}

/// A new connection, as the server's accept loop receives it.
struct Connection {
    reader: StreamReader,
    writer: StreamWriter,
}

/// What `asyncio.start_server` returns: a listening socket whose accept loop runs as a task.
struct Server {
    backlog: Queue<Option<Connection>>,
    addr: (&'static str, u16),
    accept_loop: RefCell<Option<TaskHandle<()>>>,
}

impl Server {
    async fn start(lp: &Loop, addr: (&'static str, u16)) -> Server {
        let backlog: Queue<Option<Connection>> = Queue::new(lp, 0);
        let (lp2, accept) = (lp.clone(), backlog.clone());
        // The accept loop: a handler task per connection, until the server is closed.
        let accept_loop = lp.spawn("server (accept loop)", async move {
            let mut n = 0;
            while let Some(conn) = accept.get().await {
                let peer = conn.writer.peer.1;
                lp2.spawn(format!("handle_client #{n} (port {peer})"), handle_client(lp2.clone(), conn));
                n += 1;
            }
        });
        Server { backlog, addr, accept_loop: RefCell::new(Some(accept_loop)) }
    }

    /// `asyncio.open_connection(host, port)` from a client on `port`: two wires, one per direction.
    async fn connect(&self, lp: &Loop, port: u16, latency: f64) -> (StreamReader, StreamWriter) {
        let (up, down): (Wire, Wire) = (Queue::new(lp, 0), Queue::new(lp, 0));
        let server_side = Connection {
            reader: StreamReader { wire: up.clone(), buf: RefCell::new(Vec::new()), eof: RefCell::new(false) },
            writer: StreamWriter { lp: lp.clone(), wire: down.clone(), pending: RefCell::new(Vec::new()), latency, peer: ("127.0.0.1".into(), port) },
        };
        self.backlog.put(Some(server_side)).await;
        let reader = StreamReader { wire: down, buf: RefCell::new(Vec::new()), eof: RefCell::new(false) };
        let writer = StreamWriter { lp: lp.clone(), wire: up, pending: RefCell::new(Vec::new()), latency, peer: (self.addr.0.into(), self.addr.1) };
        (reader, writer)
    }

    /// Leaving `async with server`: stop accepting, and wait until the accept loop has stopped.
    async fn close(&self) {
        self.backlog.put(None).await;
        let accept_loop = self.accept_loop.borrow_mut().take();
        if let Some(task) = accept_loop {
            let _ = task.await;
        }
    }
}

/// The published handler, unchanged.
async fn handle_client(lp: Loop, conn: Connection) {
    let Connection { reader, writer } = conn;
    let data = reader.read(100).await;
    let message = String::from_utf8_lossy(&data).into_owned();
    let addr = writer.peername();
    lp.print(format!("Received {message} from {addr}"));

    lp.print(format!("Send: {message}"));
    writer.write(&data);
    writer.drain().await;

    lp.print("Close the connection");
    writer.close().await;
}

async fn client(lp: Loop, server: Rc<Server>, port: u16, message: String, latency: f64) {
    let (reader, writer) = server.connect(&lp, port, latency).await;
    lp.print(format!("Client sends: {message}"));
    writer.write(message.as_bytes());
    writer.drain().await;

    let data = reader.read(100).await;
    lp.print(format!("Client received: {}", String::from_utf8_lossy(&data)));
    writer.close().await;
}

fn main(lp: Loop, v: Values, _variant: &'static str) -> LocalBoxFuture<'static, Result<(), RunError>> {
    async move {
        let latency = v.get("latency");
        let server = Rc::new(Server::start(&lp, ("127.0.0.1", 8888)).await);
        lp.print(format!("Serving on ('{}', {})", server.addr.0, server.addr.1));
        let clients = (0..v.int("clients"))
            .map(|i| {
                let port = 50000 + i as u16;
                lp.spawn(format!("client(\"Hello {i}\")"), client(lp.clone(), server.clone(), port, format!("Hello {i}"), latency))
            })
            .collect();
        for r in gather(clients).await {
            r?;
        }
        server.close().await;
        Ok(())
    }
    .boxed_local()
}
