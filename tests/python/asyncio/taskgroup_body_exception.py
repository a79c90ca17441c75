# an exception in the async with body cancels the group's tasks
import asyncio
async def child():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("child cancelled by body error")
        raise
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child())
            await asyncio.sleep(0.1)
            raise RuntimeError("body failed")
    except* RuntimeError as eg:
        print("caught", eg.exceptions)
asyncio.run(main())
