# awaiting coroutines one by one is sequential; gathering them is concurrent
import asyncio
async def step(name, d):
    print("begin", name)
    await asyncio.sleep(d)
    print("finish", name)
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    await step("a", 0.1)
    await step("b", 0.1)
    print(f"sequential {loop.time() - t0:.1f}")
    t0 = loop.time()
    await asyncio.gather(step("c", 0.1), step("d", 0.1))
    print(f"concurrent {loop.time() - t0:.1f}")
asyncio.run(main())
