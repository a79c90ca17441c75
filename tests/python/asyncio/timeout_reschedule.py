# a timeout's deadline can be moved with reschedule()
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        async with asyncio.timeout(0.1) as cm:
            cm.reschedule(loop.time() + 0.3)
            await asyncio.sleep(0.2)
            print("survived past the original deadline")
            await asyncio.sleep(0.5)
    except TimeoutError:
        print(f"timed out at {loop.time() - t0:.1f}", cm.expired())
asyncio.run(main())
