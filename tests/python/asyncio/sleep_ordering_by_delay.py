# tasks wake up in order of their sleep deadlines, not creation order
import asyncio
async def sleeper(name, delay):
    await asyncio.sleep(delay)
    print(name, "woke after", delay)
    return name
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    names = await asyncio.gather(sleeper("slow", 0.3), sleeper("fast", 0.1), sleeper("mid", 0.2))
    print(names)
    print(f"elapsed {loop.time() - t0:.1f}")
asyncio.run(main())
