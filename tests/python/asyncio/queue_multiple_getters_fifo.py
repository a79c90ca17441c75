# several consumers blocked in get() are served in the order they started waiting
import asyncio
async def getter(name, q):
    print(name, "waits")
    print(name, "got", await q.get())
async def main():
    q = asyncio.Queue()
    tasks = [asyncio.create_task(getter(n, q)) for n in ("g1", "g2", "g3")]
    await asyncio.sleep(0)
    for item in ("first", "second", "third"):
        q.put_nowait(item)
        print("put", item)
    await asyncio.gather(*tasks)
asyncio.run(main())
