# done callbacks run after the task finishes, in registration order, via the loop
import asyncio
async def work():
    await asyncio.sleep(0.1)
    print("work finished")
    return 7
async def main():
    t = asyncio.create_task(work())
    t.add_done_callback(lambda fut: print("callback 1, result", fut.result()))
    t.add_done_callback(lambda fut: print("callback 2, done", fut.done()))
    r = await t
    print("main got", r)
    await asyncio.sleep(0)
    print("after a yield")
asyncio.run(main())
