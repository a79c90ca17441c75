# asyncio.Barrier(3) releases everyone when the third party arrives
import asyncio
async def party(name, delay, barrier):
    await asyncio.sleep(delay)
    print(name, "arrives, waiting", barrier.n_waiting)
    pos = await barrier.wait()
    print(name, "passes")
    return pos
async def main():
    b = asyncio.Barrier(3)
    print(b.parties, b.n_waiting, b.broken)
    positions = await asyncio.gather(party("a", 0.1, b), party("b", 0.3, b), party("c", 0.2, b))
    print(sorted(positions))
asyncio.run(main())
