# tasks waiting on a Semaphore(1) get it in the order they asked
import asyncio
async def use(n, sem):
    print(n, "asks")
    async with sem:
        print(n, "enters")
        await asyncio.sleep(0)
        print(n, "leaves")
async def main():
    sem = asyncio.Semaphore(1)
    await asyncio.gather(*(use(n, sem) for n in "abc"))
asyncio.run(main())
