# a created task does not start until the creating coroutine yields
import asyncio
async def child():
    print("child starts")
    await asyncio.sleep(0)
    print("child ends")
async def main():
    t = asyncio.create_task(child())
    print("task created")
    print("still in main, done:", t.done())
    await asyncio.sleep(0)
    print("main after first yield")
    await t
    print("main after await, done:", t.done())
asyncio.run(main())
