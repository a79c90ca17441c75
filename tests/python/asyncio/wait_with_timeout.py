# asyncio.wait with a timeout returns the unfinished tasks as pending without cancelling them
import asyncio
async def job(d):
    await asyncio.sleep(d)
    return d
async def main():
    tasks = [asyncio.create_task(job(d)) for d in (0.1, 0.5, 0.2)]
    done, pending = await asyncio.wait(tasks, timeout=0.3)
    print(sorted(t.result() for t in done), len(pending))
    p = pending.pop()
    print(p.done(), p.cancelled())
    print(await p)
asyncio.run(main())
