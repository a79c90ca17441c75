# put() on a full queue blocks the producer until a consumer takes an item
import asyncio
async def producer(q):
    for i in range(4):
        print("putting", i)
        await q.put(i)
        print("put", i, "size", q.qsize())
    await q.put(None)
async def consumer(q):
    while True:
        await asyncio.sleep(0.1)
        item = await q.get()
        if item is None:
            break
        print("got", item)
async def main():
    q = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(q), consumer(q))
asyncio.run(main())
