import asyncio  # added

async def hello_world():  # added: defined earlier in the tutorial
    print("Hello, world!")

async def main():
    task = asyncio.create_task(hello_world())
    await task  # wait for the task to finish

asyncio.run(main())  # added: without it nothing runs
