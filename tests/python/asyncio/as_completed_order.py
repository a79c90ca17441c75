# as_completed yields results in completion order
import asyncio
async def job(name, d):
    await asyncio.sleep(d)
    return name
async def main():
    coros = [job("three", 0.3), job("one", 0.1), job("two", 0.2)]
    for i, fut in enumerate(asyncio.as_completed(coros)):
        print(i, await fut)
asyncio.run(main())
