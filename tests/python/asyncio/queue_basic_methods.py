# Queue put_nowait/get_nowait, qsize, empty, full and the QueueEmpty/QueueFull errors
import asyncio
async def main():
    q = asyncio.Queue(maxsize=2)
    print(q.qsize(), q.empty(), q.full(), q.maxsize)
    q.put_nowait("a")
    await q.put("b")
    print(q.qsize(), q.empty(), q.full())
    try:
        q.put_nowait("c")
    except asyncio.QueueFull:
        print("QueueFull")
    print(await q.get(), q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    print(asyncio.Queue().maxsize, asyncio.Queue().full())
asyncio.run(main())
