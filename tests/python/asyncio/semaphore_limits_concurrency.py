# a Semaphore(2) lets two tasks in at a time, in arrival order
import asyncio
async def job(i, sem, log):
    async with sem:
        log.append(f"+{i}")
        print("enter", i, "locked", sem.locked())
        await asyncio.sleep(0.1)
        print("leave", i)
        log.append(f"-{i}")
async def main():
    sem = asyncio.Semaphore(2)
    log = []
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    await asyncio.gather(*(job(i, sem, log) for i in range(5)))
    print(log)
    print(f"elapsed {loop.time() - t0:.1f}")
asyncio.run(main())
