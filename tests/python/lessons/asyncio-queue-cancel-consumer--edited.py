import asyncio

async def producer(queue):
    for i in range(6):
        await queue.put(i)
        print(f"Produced {i}")
        await asyncio.sleep(1.5)

async def consumer(queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(0)  # handling the item (0 as published)
        print(f"Consumed {item}")
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    producer_task = asyncio.create_task(producer(queue))
    consumer_task = asyncio.create_task(consumer(queue))

    await producer_task
    await queue.join()  # wait until every item has been handled
    consumer_task.cancel()

asyncio.run(main())
