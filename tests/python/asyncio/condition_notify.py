# Condition.notify wakes one waiter at a time in FIFO order
import asyncio
async def consumer(name, cond, items):
    async with cond:
        print(name, "waits")
        await cond.wait_for(lambda: items)
        print(name, "takes", items.pop(0))
async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(n, cond, items)) for n in ("c1", "c2")]
    await asyncio.sleep(0.1)
    for x in ("x", "y"):
        async with cond:
            items.append(x)
            print("notify for", x)
            cond.notify()
        await asyncio.sleep(0.1)
    await asyncio.gather(*tasks)
asyncio.run(main())
