# three workers with different periods interleave by wake-up time (deadlines at least 20 ms apart)
import asyncio
async def worker(name, period, n):
    for i in range(n):
        await asyncio.sleep(period)
        print(f"{name}{i}")
async def main():
    await asyncio.gather(worker("a", 0.1, 4), worker("b", 0.14, 2), worker("c", 0.35, 1))
asyncio.run(main())
