# calling an async function creates a coroutine object that runs only when awaited
import asyncio
async def work():
    print("work body runs")
    return "done"
async def main():
    c = work()
    print("coroutine created", type(c).__name__, asyncio.iscoroutine(c))
    print("awaiting")
    print(await c)
print(asyncio.iscoroutinefunction(work), asyncio.iscoroutinefunction(print))
asyncio.run(main())
