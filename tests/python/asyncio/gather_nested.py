# nested gathers return nested lists in order
import asyncio
async def v(x, d=0):
    await asyncio.sleep(d)
    return x
async def main():
    inner1 = asyncio.gather(v(1, 0.2), v(2))
    inner2 = asyncio.gather(v(3), v(4, 0.1))
    print(await asyncio.gather(inner1, inner2, v(5)))
asyncio.run(main())
