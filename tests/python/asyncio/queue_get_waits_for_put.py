# a consumer blocked in get() wakes up when a producer puts an item
import asyncio
async def consumer(q):
    print("consumer waiting")
    item = await q.get()
    print("consumer got", item)
async def main():
    q = asyncio.Queue()
    c = asyncio.create_task(consumer(q))
    await asyncio.sleep(0.1)
    print("producer puts")
    await q.put("parcel")
    print("put returned")
    await c
asyncio.run(main())
