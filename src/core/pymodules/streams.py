# asyncio's streams (Lib/asyncio/streams.py): start_server, open_connection, StreamReader,
# StreamWriter and Server, over connections modelled in the program itself. Browsers give a page
# no sockets, so a connection is a pair of byte buffers between two StreamReaders of one loop.
#
# CPython's semantics, as far as a program can see them on loopback: write() sends at once and
# the bytes arrive at the other end in the loop's next round (as the selector would report them);
# drain() returns at once, since the model's buffers never fill; close() delivers EOF to the other
# end in the next round and completes wait_closed(); each connection starts the server's callback
# as a task of its own. Ports are the program's own: port 0 and the clients' ports are given out
# from 50000 up, where an OS would pick any free one.

import asyncio

_servers = {}
_next_port = [50000]


def _free_port():
    _next_port[0] += 1
    return _next_port[0] - 1


class StreamReader:
    def __init__(self, limit=2 ** 16):
        self._limit = limit
        self._buffer = b""
        self._eof = False
        self._waiter = None

    def __repr__(self):
        info = ["StreamReader"]
        if self._buffer:
            info.append(f"{len(self._buffer)} bytes")
        if self._eof:
            info.append("eof")
        return "<{}>".format(" ".join(info))

    def feed_data(self, data):
        self._buffer += data
        self._wakeup_waiter()

    def feed_eof(self):
        self._eof = True
        self._wakeup_waiter()

    def at_eof(self):
        return self._eof and not self._buffer

    def _wakeup_waiter(self):
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.cancelled():
                waiter.set_result(None)

    async def _wait_for_data(self, func_name):
        if self._waiter is not None:
            raise RuntimeError(f"{func_name}() called while another coroutine is already waiting for incoming data")
        self._waiter = asyncio.Future()
        self._waiter._label = f"reader.{func_name}() on a connection with no data"
        try:
            await self._waiter
        finally:
            self._waiter = None

    async def read(self, n=-1):
        if n == 0:
            return b""
        if n < 0:
            blocks = []
            while True:
                block = await self.read(self._limit)
                if not block:
                    break
                blocks.append(block)
            return b"".join(blocks)
        if not self._buffer and not self._eof:
            await self._wait_for_data("read")
        data = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return data

    async def readline(self):
        try:
            return await self.readuntil(b"\n")
        except asyncio.IncompleteReadError as e:
            return e.partial

    async def readuntil(self, separator=b"\n"):
        if not separator:
            raise ValueError("Separator should be at least one-byte string")
        while True:
            i = self._buffer.find(separator)
            if i >= 0:
                end = i + len(separator)
                data = self._buffer[:end]
                self._buffer = self._buffer[end:]
                return data
            if self._eof:
                chunk = self._buffer
                self._buffer = b""
                raise asyncio.IncompleteReadError(chunk, None)
            await self._wait_for_data("readuntil")

    async def readexactly(self, n):
        if n < 0:
            raise ValueError("readexactly size can not be less than zero")
        while len(self._buffer) < n:
            if self._eof:
                incomplete = self._buffer
                self._buffer = b""
                raise asyncio.IncompleteReadError(incomplete, n)
            await self._wait_for_data("readexactly")
        data = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return data

    def __aiter__(self):
        return self

    async def __anext__(self):
        val = await self.readline()
        if val == b"":
            raise StopAsyncIteration
        return val


class StreamWriter:
    def __init__(self, peer_reader, sockname, peername):
        self._peer_reader = peer_reader
        self._extra = {"sockname": sockname, "peername": peername}
        self._closing = False
        self._closed = asyncio.Future()
        self._closed._label = "writer.wait_closed()"

    def __repr__(self):
        return f"<StreamWriter transport=<_SelectorSocketTransport fd=0 read=polling write=<idle, bufsize=0>>>"

    def write(self, data):
        if not isinstance(data, bytes):
            raise TypeError(f"data argument must be a bytes-like object, not {type(data).__name__!r}")
        if self._closing or not data:
            return
        asyncio.get_running_loop().call_soon(self._peer_reader.feed_data, bytes(data))

    def writelines(self, data):
        for chunk in data:
            self.write(chunk)

    def write_eof(self):
        if not self._closing:
            asyncio.get_running_loop().call_soon(self._peer_reader.feed_eof)

    def can_write_eof(self):
        return True

    def get_extra_info(self, name, default=None):
        return self._extra.get(name, default)

    async def drain(self):
        # Nothing is ever buffered beyond what the other end has been sent, so there is nothing
        # to wait for; CPython yields once only when the connection is closing.
        if self._closing:
            await asyncio.sleep(0)

    def is_closing(self):
        return self._closing

    def close(self):
        if self._closing:
            return
        self._closing = True
        loop = asyncio.get_running_loop()
        loop.call_soon(self._peer_reader.feed_eof)
        loop.call_soon(asyncio._set_result_unless_cancelled, self._closed, None)

    async def wait_closed(self):
        await self._closed


class _ServerSocket:
    def __init__(self, address):
        self._address = address

    def __repr__(self):
        return f"<asyncio.TransportSocket fd=0, family=2, type=1, proto=6, laddr={self._address!r}>"

    def getsockname(self):
        return self._address


class Server:
    def __init__(self, client_connected_cb, address, limit):
        self._cb = client_connected_cb
        self._address = address
        self._limit = limit
        self._serving = True
        self._sockets = (_ServerSocket(address),)
        self._forever = None

    def __repr__(self):
        return f"<Server sockets={self.sockets!r}>"

    @property
    def sockets(self):
        return self._sockets if self._sockets is not None else ()

    def get_loop(self):
        return asyncio.get_running_loop()

    def is_serving(self):
        return self._serving

    def close(self):
        if self._sockets is None:
            return
        self._sockets = None
        self._serving = False
        if _servers.get(self._address) is self:
            del _servers[self._address]
        if self._forever is not None and not self._forever.done():
            self._forever.cancel()

    async def start_serving(self):
        pass

    async def wait_closed(self):
        # As CPython 3.11's: once close() has been called, there is nothing left to wait for.
        if self._sockets is None:
            return
        fut = asyncio.Future()
        fut._label = "server.wait_closed()"
        await fut

    async def serve_forever(self):
        if self._forever is not None:
            raise RuntimeError(f"server {self!r} is already being awaited on serve_forever()")
        if self._sockets is None:
            raise RuntimeError(f"server {self!r} is closed")
        self._forever = asyncio.Future()
        self._forever._label = "server.serve_forever(): connections that never come"
        try:
            await self._forever
        finally:
            self.close()
            self._forever = None

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.close()
        await self.wait_closed()

    def _connect(self, host):
        client_port = _free_port()
        client_reader = StreamReader(self._limit)
        server_reader = StreamReader(self._limit)
        client_address = (host, client_port)
        server_writer = StreamWriter(client_reader, self._address, client_address)
        client_writer = StreamWriter(server_reader, client_address, self._address)
        result = self._cb(server_reader, server_writer)
        if asyncio.iscoroutine(result):
            asyncio.get_running_loop().create_task(result)
        return client_reader, client_writer


async def start_server(client_connected_cb, host=None, port=None, *, limit=2 ** 16, **kwds):
    host = "0.0.0.0" if host is None else host
    port = _free_port() if not port else port
    address = (host, port)
    if address in _servers:
        raise OSError(98, f"error while attempting to bind on address {address!r}: address already in use")
    server = Server(client_connected_cb, address, limit)
    _servers[address] = server
    return server


async def open_connection(host=None, port=None, *, limit=2 ** 16, **kwds):
    server = _servers.get((host, port))
    if server is None and host in ("localhost", "127.0.0.1"):
        server = _servers.get(("0.0.0.0", port))
    # Connecting takes a round of the loop, as the socket's connect does.
    await asyncio.sleep(0)
    if server is None or not server.is_serving():
        raise ConnectionRefusedError(111, f"Connect call failed ({host!r}, {port})")
    return server._connect(host)
