# cancelling a gather future cancels all its children
import asyncio
async def child(n):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("child", n, "cancelled")
        raise
async def main():
    g = asyncio.gather(child(1), child(2))
    await asyncio.sleep(0.1)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", g.cancelled())
asyncio.run(main())
