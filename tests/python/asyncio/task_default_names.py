# default task names count up from Task-1, which is the main task of asyncio.run
import asyncio
async def noop():
    return asyncio.current_task().get_name()
async def main():
    print(asyncio.current_task().get_name())
    t1 = asyncio.create_task(noop())
    t2 = asyncio.create_task(noop())
    print(t1.get_name(), t2.get_name())
    print(await asyncio.gather(t1, t2, noop()))
asyncio.run(main())
