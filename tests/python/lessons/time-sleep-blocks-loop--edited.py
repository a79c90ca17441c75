import asyncio
import time

async def task_using_asyncio_sleep():
    print("Task starts (asyncio.sleep)")
    await asyncio.sleep(3)  # suspends this coroutine only
    print("Task ends (asyncio.sleep)")

async def task_using_time_sleep():
    print("Task starts (time.sleep)")
    time.sleep(3)  # blocks the thread, and with it the loop
    print("Task ends (time.sleep)")

async def main():
    print("Using asyncio.sleep:")
    await task_using_asyncio_sleep()

    print("\nUsing time.sleep:")
    await task_using_time_sleep()

asyncio.run(main())
