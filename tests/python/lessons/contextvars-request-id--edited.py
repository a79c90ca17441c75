import asyncio
import contextvars

request_id = contextvars.ContextVar('request_id')

async def handle_request(id):
    request_id.set(id)
    await asyncio.sleep(0.75)  # the other requests run meanwhile
    print(f"处理请求 {request_id.get()}")

async def main():
    await asyncio.gather(*(handle_request(i) for i in range(1, 3 + 1)))

asyncio.run(main())
