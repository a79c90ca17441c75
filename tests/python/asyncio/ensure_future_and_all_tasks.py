# ensure_future wraps coroutines in tasks; all_tasks counts unfinished tasks
import asyncio
async def sleeper(d):
    await asyncio.sleep(d)
    return d
async def main():
    t = asyncio.ensure_future(sleeper(0.1))
    print(isinstance(t, asyncio.Task), asyncio.ensure_future(t) is t)
    print(len(asyncio.all_tasks()))
    u = asyncio.create_task(sleeper(0.2))
    print(len(asyncio.all_tasks()))
    await t
    print(len(asyncio.all_tasks()))
    await u
    print(len(asyncio.all_tasks()), asyncio.current_task() in asyncio.all_tasks())
asyncio.run(main())
