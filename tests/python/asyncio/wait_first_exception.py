# asyncio.wait with FIRST_EXCEPTION stops at the first failure
import asyncio
async def ok(d):
    await asyncio.sleep(d)
    return d
async def bad():
    await asyncio.sleep(0.1)
    raise RuntimeError("bad task")
async def main():
    tasks = [asyncio.create_task(ok(0.3)), asyncio.create_task(bad()), asyncio.create_task(ok(0.05))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending))
    for t in tasks:
        if t in done:
            print("done:", repr(t.exception()) if t.exception() else t.result())
    await asyncio.wait(pending)
    print(tasks[0].result())
asyncio.run(main())
