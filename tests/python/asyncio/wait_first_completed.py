# asyncio.wait with FIRST_COMPLETED returns as soon as one task is done
import asyncio
async def job(name, d):
    await asyncio.sleep(d)
    return name
async def main():
    tasks = [asyncio.create_task(job(n, d)) for n, d in [("a", 0.3), ("b", 0.1), ("c", 0.2)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("done", sorted(t.result() for t in done), "pending", len(pending))
    done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    print("done", sorted(t.result() for t in done), "pending", len(pending))
    for t in pending:
        t.cancel()
    await asyncio.sleep(0)
    print([t.cancelled() for t in tasks])
asyncio.run(main())
