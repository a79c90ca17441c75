# async generators produce values with awaits in between; async for consumes them
import asyncio
async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0)
        print("tick", i)
        yield i
async def main():
    async for v in ticker(3):
        print("got", v)
    agen = ticker(2)
    print(type(agen).__name__)
    print(await agen.__anext__(), await anext(agen))
    print(await anext(agen, "exhausted"))
asyncio.run(main())
