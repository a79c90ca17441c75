import asyncio

async def main():
    print("Hello")
    await asyncio.sleep(1.5)
    print("world")

asyncio.run(main())
