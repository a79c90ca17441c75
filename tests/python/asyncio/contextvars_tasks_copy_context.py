# each task runs in a copy of the context at creation, so its changes do not leak back
import asyncio
import contextvars
request_id = contextvars.ContextVar("request_id", default="none")
async def handler(n):
    print("handler", n, "sees", request_id.get())
    request_id.set(f"req-{n}")
    await asyncio.sleep(0)
    print("handler", n, "now", request_id.get())
async def main():
    request_id.set("main")
    t1 = asyncio.create_task(handler(1))
    request_id.set("main-changed")
    t2 = asyncio.create_task(handler(2))
    await asyncio.gather(t1, t2)
    print("main still", request_id.get())
asyncio.run(main())
