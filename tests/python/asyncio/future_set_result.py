# a Future created by the loop is awaited until another task sets its result
import asyncio
async def setter(fut):
    await asyncio.sleep(0.1)
    print("setting result")
    fut.set_result("from setter")
async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print(fut.done())
    asyncio.create_task(setter(fut))
    print("waiting on future")
    print(await fut)
    print(fut.done(), fut.result())
    f2 = loop.create_future()
    f2.set_exception(KeyError("x"))
    try:
        await f2
    except KeyError as e:
        print("future exception", repr(e))
asyncio.run(main())
