# time.sleep inside a coroutine blocks the whole loop, so other tasks cannot run meanwhile
import asyncio
import time
async def blocker():
    print("blocker start")
    time.sleep(0.2)
    print("blocker end")
async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.1)
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    await asyncio.gather(ticker(), blocker())
    print(f"elapsed {loop.time() - t0:.1f}")
asyncio.run(main())
