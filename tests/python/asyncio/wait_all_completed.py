# asyncio.wait with ALL_COMPLETED (the default) waits for every task
import asyncio
async def job(name, d):
    await asyncio.sleep(d)
    print("job", name)
    return name.upper()
async def main():
    tasks = [asyncio.create_task(job(n, d)) for n, d in [("x", 0.2), ("y", 0.1), ("z", 0.2)]]
    done, pending = await asyncio.wait(tasks)
    print(sorted(t.result() for t in done), pending)
    print([t.result() for t in tasks])
asyncio.run(main())
