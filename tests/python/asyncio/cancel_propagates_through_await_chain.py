# cancelling an outer task cancels the coroutine it is awaiting, innermost first
import asyncio
async def level3():
    try:
        await asyncio.sleep(1)
    finally:
        print("level3 finally")
async def level2():
    try:
        await level3()
    finally:
        print("level2 finally")
async def level1():
    try:
        await level2()
    except asyncio.CancelledError:
        print("level1 saw CancelledError")
        raise
async def main():
    t = asyncio.create_task(level1())
    await asyncio.sleep(0.1)
    t.cancel()
    await asyncio.sleep(0)
    print("done?", t.done(), "cancelled?", t.cancelled())
asyncio.run(main())
