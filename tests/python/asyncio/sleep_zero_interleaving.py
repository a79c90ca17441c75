# await asyncio.sleep(0) yields to other ready tasks, giving round-robin order
import asyncio
async def worker(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)
async def main():
    await asyncio.gather(worker("a", 3), worker("b", 2), worker("c", 3))
asyncio.run(main())
