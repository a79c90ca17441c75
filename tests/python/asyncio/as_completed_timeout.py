# as_completed with a timeout raises TimeoutError for the ones that are too slow
import asyncio
async def job(d):
    await asyncio.sleep(d)
    return d
async def main():
    tasks = [asyncio.create_task(job(d)) for d in (0.5, 0.1)]
    try:
        for fut in asyncio.as_completed(tasks, timeout=0.2):
            print("got", await fut)
    except TimeoutError:
        print("timeout, slow task done:", tasks[0].done())
    tasks[0].cancel()
asyncio.run(main())
