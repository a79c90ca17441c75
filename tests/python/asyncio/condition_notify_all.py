# Condition.notify_all wakes every waiter; they reacquire the lock one by one
import asyncio
async def waiter(n, cond):
    async with cond:
        print("waiter", n, "waiting")
        await cond.wait()
        print("waiter", n, "woke, lock held:", cond.locked())
        await asyncio.sleep(0)
async def main():
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(waiter(i, cond)) for i in range(3)]
    await asyncio.sleep(0.1)
    async with cond:
        print("notify_all")
        cond.notify_all()
    await asyncio.gather(*tasks)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError", e)
asyncio.run(main())
