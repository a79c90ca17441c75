# a task that releases a lock and immediately asks again queues behind the waiter
import asyncio
async def greedy(lock):
    for i in range(2):
        async with lock:
            print("greedy holds", i)
            await asyncio.sleep(0.1)
        print("greedy released", i)
async def patient(lock):
    await asyncio.sleep(0)
    print("patient waits")
    async with lock:
        print("patient holds")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(greedy(lock), patient(lock))
asyncio.run(main())
