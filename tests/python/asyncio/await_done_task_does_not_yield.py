# awaiting an already finished task or future does not suspend, so no other task runs in between
import asyncio
async def quick():
    return "quick"
async def other():
    print("other runs")
async def main():
    t = asyncio.create_task(quick())
    await asyncio.sleep(0)
    print("quick done:", t.done())
    o = asyncio.create_task(other())
    print(await t)
    print("still before other")
    await asyncio.sleep(0)
    print("after yielding", o.done())
asyncio.run(main())
