# asyncio.timeout() cancels the block and raises TimeoutError outside it
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        async with asyncio.timeout(0.2):
            print("inside")
            await asyncio.sleep(1)
            print("never")
    except TimeoutError:
        print("timeout after", f"{loop.time() - t0:.1f}")
    async with asyncio.timeout(0.5) as cm:
        await asyncio.sleep(0.1)
    print("in time, expired:", cm.expired())
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0)
    print("no deadline:", cm.when())
asyncio.run(main())
