# call_soon callbacks run FIFO, after the current step, interleaved with tasks
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "soon 1")
    loop.call_soon(print, "soon 2", "with args")
    asyncio.create_task(task())
    loop.call_soon(print, "soon 3")
    print("main before yield")
    await asyncio.sleep(0)
    print("main after yield")
    await asyncio.sleep(0)
    print("main end")
async def task():
    print("task step 1")
    await asyncio.sleep(0)
    print("task step 2")
asyncio.run(main())
