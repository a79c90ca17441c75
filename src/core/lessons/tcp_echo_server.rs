//! # tcp-echo-server: `asyncio.start_server`, one handler task per connection, echo
//!
//! The server listens on 127.0.0.1:8888 and starts `handle_client(reader, writer)` for each
//! connection: it reads up to 100 bytes, prints them, writes them back, and closes. The corrected
//! program also runs `clients` clients in the same loop, so it has something to serve and ends:
//! each client connects, sends `Hello i`, and prints the echo. As in CPython, `write()` sends at
//! once: the server prints `Received …` and `Send: …` at 0 s, and the sleeps that stand in for the
//! network make the run last one latency, however many clients are served at once.
//!
//! The listing runs on the interpreter (no scenario): browsers have no raw sockets, so asyncio's
//! streams are modelled in the program itself (`pymodules/streams.py`), and client ports are given
//! out from 50000 up where a real system picks any free one.

use crate::core::lesson::{no_check, Chapter, Engine, Env, Kind, Lesson, Param, Text, Values, Variant};

pub static LESSON: Lesson = Lesson {
    id: "tcp-echo-server",
    chapter: Chapter::RealWorld,
    title: Text { en: "An asyncio TCP echo server", zh: "asyncio TCP 回显服务器" },
    concept: Text {
        en: "asyncio.start_server listens on an address and, for every connection, starts the handler coroutine as a new task with a StreamReader and a StreamWriter. Reading (await reader.read(100)) and flushing (await writer.drain()) are awaits, so one slow client never holds up the others: many connections are served at once on one thread. Browsers cannot open raw sockets, so in this page a connection is modelled inside the program as two byte buffers between the server's handler task and the client task, with CPython's semantics: write() sends at once and the bytes arrive in the loop's next round, drain() returns at once while nothing is buffered; the sleeps stand in for the network.",
        zh: "asyncio.start_server 在一个地址上监听，每来一个连接，就把处理协程作为新任务启动，并传入 StreamReader 和 StreamWriter。读取（await reader.read(100)）和刷新（await writer.drain()）都是 await，所以一个慢客户端不会拖住其他客户端：一个线程上同时服务多个连接。浏览器不能打开原始套接字，所以本页在程序内部把连接建模为服务器处理任务与客户端任务之间的两块字节缓冲区，语义与 CPython 相同：write() 立即发送，字节在循环的下一轮到达；没有积压时 drain() 立即返回；程序里的 sleep 代表网络延迟。",
    },

    expect: Text {
        en: "`Serving on ('127.0.0.1', 8888)`, `Client sends: Hello 0`, `Received Hello 0 from ('127.0.0.1', 50000)` and `Send: Hello 0` all at 0 s, because write() sends at once; `Client received: Hello 0` and `Close the connection` after one latency, when both sides' sleeps end; then the run ends. The client's port is the program's own (50000 up) where an OS picks any free one. The published program has no client and calls serve_forever(): it prints `Serving on …` and then waits for connections forever.",
        zh: "0 秒时依次出现 `Serving on ('127.0.0.1', 8888)`、`Client sends: Hello 0`、`Received Hello 0 from ('127.0.0.1', 50000)` 和 `Send: Hello 0`，因为 write() 立即发送；一个延迟后两边的 sleep 结束，出现 `Client received: Hello 0` 和 `Close the connection`，然后运行结束。客户端端口由程序自己分配（从 50000 起），而操作系统会随便挑一个空闲端口。原始程序没有客户端并调用 serve_forever()：打印 `Serving on …` 后永远等待连接。",
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
    }, Variant {
        key: "serve-forever",
        label: Text { en: "as published: serve_forever()", zh: "原文：serve_forever()" },
        about: Text {
            en: "The published program: no client, and `await server.serve_forever()`. It prints `Serving on …` and waits for connections that never come; CPython would wait forever, so the playground reports that no task can go on and who waits on what.",
            zh: "原始程序：没有客户端，并且 `await server.serve_forever()`。它打印 `Serving on …` 后等待永远不会到来的连接；CPython 会永远等下去，所以本站报告没有任务能继续，并列出谁在等待什么。",
        },
    }],
    listing: |variant| if variant == "serve-forever" { PUBLISHED } else { LISTING },
    engine: Engine::Python,
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

/// The published program, with the latency line it does not use left out.
const PUBLISHED: &str = r#"import asyncio

async def handle_client(reader, writer):
    data = await reader.read(100)
    message = data.decode()
    addr = writer.get_extra_info('peername')
    print(f"Received {message} from {addr}")

    print(f"Send: {message}")
    writer.write(data)
    await writer.drain()

    print("Close the connection")
    writer.close()
    await writer.wait_closed()

async def main():
    server = await asyncio.start_server(
        handle_client, '127.0.0.1', 8888)

    addr = server.sockets[0].getsockname()
    print(f'Serving on {addr}')

    async with server:
        await server.serve_forever()

asyncio.run(main())
"#;

/// The model: the client's sleep and the server's sleep overlap, and nothing else takes time:
/// one latency, for any number of clients.
fn predict(v: &Values, variant: &str, _: &Env) -> Option<f64> {
    // The published server never ends: it is reported at once, when nothing else can happen.
    Some(if variant == "serve-forever" { 0.0 } else { v.get("latency") * 1000.0 })
}
