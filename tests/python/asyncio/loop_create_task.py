# loop.create_task schedules a coroutine on that loop like asyncio.create_task
import asyncio
async def double(x):
    await asyncio.sleep(0.1)
    return x * 2
async def main():
    loop = asyncio.get_running_loop()
    t = loop.create_task(double(4), name="doubler")
    print(t.get_name(), isinstance(t, asyncio.Task))
    print(await t)
asyncio.run(main())
