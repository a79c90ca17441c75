# gather accepts tasks and coroutines together; an already finished task works too
import asyncio
async def val(x):
    await asyncio.sleep(0)
    print("val", x)
    return x
async def main():
    t = asyncio.create_task(val("task"))
    await asyncio.sleep(0.1)
    print("task done before gather:", t.done())
    print(await asyncio.gather(val("coro"), t, val("coro2")))
asyncio.run(main())
