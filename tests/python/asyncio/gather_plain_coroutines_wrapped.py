# gather wraps plain coroutines in tasks that start in argument order
import asyncio
async def hello(n):
    print("hello", n, asyncio.current_task().get_name() != "")
    await asyncio.sleep(0)
    print("bye", n)
    return n
async def main():
    print(await asyncio.gather(hello(1), hello(2), hello(3)))
    print(await asyncio.gather())
asyncio.run(main())
