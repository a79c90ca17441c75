import asyncio
import time

async def ticker():
    n = 0
    while True:
        await asyncio.sleep(0.75)
        n += 1
        print(f"tick {n}")

async def task_using_asyncio_sleep():
    print("Task starts (asyncio.sleep)")
    await asyncio.sleep(3)  # the ticker keeps ticking
    print("Task ends (asyncio.sleep)")

async def task_using_time_sleep():
    print("Task starts (time.sleep)")
    time.sleep(3)  # the ticker is frozen
    print("Task ends (time.sleep)")

async def main():
    tick = asyncio.create_task(ticker())
    print("Using asyncio.sleep:")
    await task_using_asyncio_sleep()

    print("\nUsing time.sleep:")
    await task_using_time_sleep()
    tick.cancel()

asyncio.run(main())
