# async sleeps overlap while blocking sleeps add up
import asyncio
import time
async def polite():
    await asyncio.sleep(0.1)
async def rude():
    time.sleep(0.1)
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    await asyncio.gather(polite(), polite(), polite())
    print(f"async sleeps: {loop.time() - t0:.1f}")
    t0 = loop.time()
    await asyncio.gather(rude(), rude(), rude())
    print(f"blocking sleeps: {loop.time() - t0:.1f}")
asyncio.run(main())
