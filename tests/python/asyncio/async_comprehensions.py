# async list, set and dict comprehensions and await inside comprehensions
import asyncio
async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i
async def square(x):
    await asyncio.sleep(0)
    return x * x
async def main():
    print([x async for x in agen(4)])
    print([x async for x in agen(6) if x % 2])
    print({x % 2 async for x in agen(5)})
    print({x: x * 10 async for x in agen(3)})
    print([await square(x) for x in range(4)])
    print([await square(x) async for x in agen(3)])
asyncio.run(main())
