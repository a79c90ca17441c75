# a task whose coroutine never awaits still finishes only after the creator yields
import asyncio
async def instant(n):
    print("instant", n)
    return n
async def main():
    tasks = [asyncio.create_task(instant(i)) for i in range(3)]
    print([t.done() for t in tasks])
    await asyncio.sleep(0)
    print([t.done() for t in tasks])
    print([t.result() for t in tasks])
asyncio.run(main())
