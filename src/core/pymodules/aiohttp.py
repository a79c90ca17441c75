# aiohttp, as much of it as the lessons and their learners use: ClientSession, get(), the
# response's status and text(). A request is a real one, made by the host (the page's fetch(),
# natively the site's own files), and its wait is a wait on the event loop like any other: the
# task's bar shows "the response of <url>", other tasks run meanwhile.
#
# What differs from aiohttp: URLs are relative to the site (browsers allow no raw sockets, and the
# page may only fetch what the site serves); a failed request raises ClientConnectorError with
# the host's reason as its message.

import asyncio
import _engine


class ClientError(Exception):
    pass


class ClientConnectorError(ClientError):
    pass


class ClientResponseError(ClientError):
    def __init__(self, status, message):
        super().__init__(f"{status}, message={message!r}")
        self.status = status
        self.message = message


class ClientResponse:
    def __init__(self, url, status, text):
        self.url = url
        self.status = status
        self.reason = "OK" if status == 200 else ("Not Found" if status == 404 else "")
        self._text = text

    def __repr__(self):
        return f"<ClientResponse({self.url}) [{self.status} {self.reason}]>"

    async def text(self, encoding=None):
        return self._text

    async def read(self):
        return self._text.encode()

    def raise_for_status(self):
        if self.status >= 400:
            raise ClientResponseError(self.status, self.reason)

    def release(self):
        pass

    def close(self):
        pass

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class _RequestContextManager:
    # What session.get() returns: awaited, it is the response; used with `async with`, the
    # response is released on the way out.
    def __init__(self, coro):
        self._coro = coro
        self._response = None

    def __await__(self):
        return self._coro.__await__()

    async def __aenter__(self):
        self._response = await self._coro
        return self._response

    async def __aexit__(self, exc_type, exc, tb):
        self._response.release()


class ClientSession:
    def __init__(self, *args, **kwargs):
        self.closed = False

    def __repr__(self):
        return "<aiohttp.client.ClientSession object>"

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.close()

    async def close(self):
        self.closed = True

    def get(self, url, **kwargs):
        return _RequestContextManager(self._request(str(url)))

    async def _request(self, url):
        if self.closed:
            raise RuntimeError("Session is closed")
        fut = asyncio.Future()
        fut._label = f"the response of {url}"
        _engine.fetch(url, fut)
        status, text = await fut
        return ClientResponse(url, status, text)
