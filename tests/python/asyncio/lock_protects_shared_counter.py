# without a lock a read-yield-write loses updates; with a lock it does not
import asyncio
counter = 0
async def unsafe():
    global counter
    v = counter
    await asyncio.sleep(0)
    counter = v + 1
async def safe(lock):
    global counter
    async with lock:
        v = counter
        await asyncio.sleep(0)
        counter = v + 1
async def main():
    global counter
    await asyncio.gather(*(unsafe() for _ in range(10)))
    print("unsafe", counter)
    counter = 0
    lock = asyncio.Lock()
    await asyncio.gather(*(safe(lock) for _ in range(10)))
    print("safe", counter)
asyncio.run(main())
