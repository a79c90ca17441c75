import asyncio

async def async_gen():
    for i in range(4):
        await asyncio.sleep(0.75)
        yield i

async def main():
    async for num in async_gen():
        print(num)  # 0, 1, 2 ... one delay apart

asyncio.run(main())
