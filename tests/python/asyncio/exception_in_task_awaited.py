# an exception in a task is re-raised where the task is awaited
import asyncio
async def worker():
    await asyncio.sleep(0.1)
    raise LookupError("not found")
async def main():
    t = asyncio.create_task(worker())
    print("waiting")
    try:
        await t
    except LookupError as e:
        print("caught", repr(e), t.done(), repr(t.exception()))
asyncio.run(main())
