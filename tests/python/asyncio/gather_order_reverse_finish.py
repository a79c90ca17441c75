# gather keeps argument order even when tasks finish in reverse
import asyncio
async def delayed(v, d):
    await asyncio.sleep(d)
    print("finished", v)
    return v
async def main():
    r = await asyncio.gather(delayed("first", 0.3), delayed("second", 0.2), delayed("third", 0.1))
    print(r)
asyncio.run(main())
