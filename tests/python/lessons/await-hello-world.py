import asyncio  # added: the fragment never imported it

async def hello_world():
    print("Hello, world!")

async def main():
    await hello_world()  # runs the coroutine to its end, in this task

asyncio.run(main())  # added: without it nothing runs
