# wait_for returns as soon as the inner task finishes, long before the timeout
import asyncio
async def job():
    await asyncio.sleep(0.1)
    print("job done")
    return 5
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    print(await asyncio.wait_for(job(), timeout=0.5))
    print(f"elapsed {loop.time() - t0:.1f}")
asyncio.run(main())
