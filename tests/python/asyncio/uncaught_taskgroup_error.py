# an uncaught TaskGroup failure ends asyncio.run with an ExceptionGroup traceback
import asyncio
async def broken(n):
    await asyncio.sleep(0)
    raise ValueError(f"task {n} broke")
async def main():
    print("starting group")
    async with asyncio.TaskGroup() as tg:
        tg.create_task(broken(1))
asyncio.run(main())
