# workers stop when they receive a None sentinel each
import asyncio
async def worker(n, q):
    handled = []
    while (item := await q.get()) is not None:
        handled.append(item)
        await asyncio.sleep(0.1)
    print("worker", n, "stops after", handled)
    return len(handled)
async def main():
    q = asyncio.Queue()
    for x in "abcde":
        q.put_nowait(x)
    for _ in range(2):
        q.put_nowait(None)
    print(await asyncio.gather(worker(1, q), worker(2, q)))
asyncio.run(main())
