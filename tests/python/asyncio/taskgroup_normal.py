# TaskGroup waits for all its tasks when the async with block exits
import asyncio
async def job(n, d):
    await asyncio.sleep(d)
    print("job", n, "done")
    return n * 10
async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(job(1, 0.2))
        t2 = tg.create_task(job(2, 0.1))
        print("tasks created")
    print("group exited", t1.result(), t2.result())
asyncio.run(main())
