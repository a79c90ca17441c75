# join() waits until task_done() was called once per item
import asyncio
async def worker(q, results):
    while True:
        item = await q.get()
        await asyncio.sleep(0.1)
        results.append(item * 10)
        print("processed", item, "unfinished", q._unfinished_tasks - 1)
        q.task_done()
async def main():
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    results = []
    w = asyncio.create_task(worker(q, results))
    await q.join()
    print("joined", results)
    w.cancel()
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError", e)
asyncio.run(main())
