# a failing task in a TaskGroup cancels its siblings and raises an ExceptionGroup
import asyncio
async def fail():
    await asyncio.sleep(0.1)
    print("fail raises")
    raise ValueError("bad thing")
async def long():
    try:
        await asyncio.sleep(1)
        print("never")
    except asyncio.CancelledError:
        print("long cancelled")
        raise
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail())
            tg.create_task(long())
    except ExceptionGroup as eg:
        print("caught", repr(eg))
        print([type(e).__name__ for e in eg.exceptions])
asyncio.run(main())
