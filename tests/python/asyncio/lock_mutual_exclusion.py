# async with lock serializes critical sections; waiters acquire in FIFO order
import asyncio
async def critical(name, lock):
    print(name, "wants lock")
    async with lock:
        print(name, "has lock")
        await asyncio.sleep(0.1)
        print(name, "releases")
async def main():
    lock = asyncio.Lock()
    print(lock.locked())
    await asyncio.gather(critical("a", lock), critical("b", lock), critical("c", lock))
    print(lock.locked())
asyncio.run(main())
