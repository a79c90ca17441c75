# two producers and three consumers share a queue; the printed order is deterministic
import asyncio
async def producer(name, q, n):
    for i in range(n):
        await q.put(f"{name}{i}")
        print("produced", f"{name}{i}")
        await asyncio.sleep(0)
async def consumer(cid, q, seen):
    while True:
        item = await q.get()
        print(f"consumer {cid} took {item}")
        seen.append((cid, item))
        await asyncio.sleep(0)
        q.task_done()
async def main():
    q = asyncio.Queue()
    seen = []
    consumers = [asyncio.create_task(consumer(i, q, seen)) for i in range(3)]
    await asyncio.gather(producer("p", q, 3), producer("q", q, 2))
    await q.join()
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    print(len(seen), sorted(item for _, item in seen))
asyncio.run(main())
