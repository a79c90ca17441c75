# wait_for with timeout=0 on an unfinished coroutine times out before it runs at all
import asyncio
async def inner():
    print("inner ran")
    return 1
async def main():
    try:
        await asyncio.wait_for(inner(), timeout=0)
    except TimeoutError:
        print("timeout with 0")
    t = asyncio.create_task(inner())
    await asyncio.sleep(0)
    print("finished task with timeout 0:", await asyncio.wait_for(t, timeout=0))
asyncio.run(main())
