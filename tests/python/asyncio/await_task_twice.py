# awaiting a finished task again returns the same result without rerunning it
import asyncio
async def once():
    print("body runs once")
    await asyncio.sleep(0)
    return 42
async def main():
    t = asyncio.create_task(once())
    print(await t)
    print(await t)
    print(t.result(), t.done())
    c = once()
    print(await c)
    try:
        await c
    except RuntimeError as e:
        print("RuntimeError", e)
asyncio.run(main())
