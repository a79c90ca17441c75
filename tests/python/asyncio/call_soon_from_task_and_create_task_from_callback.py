# a callback can create a task; it starts after the callbacks already queued
import asyncio
async def spawned(name):
    print("task", name, "starts")
def callback(loop, name):
    print("callback", name)
    loop.create_task(spawned(name))
async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(callback, loop, "a")
    loop.call_soon(callback, loop, "b")
    loop.call_soon(print, "plain callback")
    await asyncio.sleep(0)
    print("main after first yield")
    await asyncio.sleep(0)
    print("main after second yield")
asyncio.run(main())
