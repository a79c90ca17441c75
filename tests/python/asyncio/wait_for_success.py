# wait_for returns the result when the coroutine finishes in time
import asyncio
async def quick():
    await asyncio.sleep(0.1)
    return "quick result"
async def main():
    print(await asyncio.wait_for(quick(), timeout=0.5))
    print(await asyncio.wait_for(quick(), timeout=None))
asyncio.run(main())
