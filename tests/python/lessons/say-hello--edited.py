import asyncio

async def say_hello():
    await asyncio.sleep(1.5)
    print("Hello")

async def main():
    await say_hello()

asyncio.run(main())
