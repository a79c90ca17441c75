# gather(return_exceptions=True) puts exceptions in the result list in order
import asyncio
async def ok(v):
    await asyncio.sleep(0)
    return v
async def bad(msg):
    await asyncio.sleep(0)
    raise ValueError(msg)
async def main():
    r = await asyncio.gather(ok(1), bad("oops"), ok(3), bad("again"), return_exceptions=True)
    print(r)
    print([type(x).__name__ for x in r])
asyncio.run(main())
