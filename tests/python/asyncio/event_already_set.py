# waiting on an already set Event returns immediately without suspending other order
import asyncio
async def other():
    print("other runs")
async def main():
    ev = asyncio.Event()
    ev.set()
    t = asyncio.create_task(other())
    print(await ev.wait())
    print("main continues before other")
    await t
asyncio.run(main())
