import asyncio

async def producer(queue, n):
    for i in range(n):
        await asyncio.sleep(0.30000000000000004)  # making an item takes time
        item = f'item_{i}'
        await queue.put(item)
        print(f'Produced {item}')

async def consumer(queue, name):
    while True:
        item = await queue.get()
        if item is None:  # the producer is done: leave
            break
        await asyncio.sleep(0.8999999999999999)  # handling an item takes time
        print(f'Consumer {name} consumed {item}')
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    # the consumers run as tasks while main produces
    consumers = [asyncio.create_task(consumer(queue, f'C_{i}'))
                 for i in range(4)]

    await producer(queue, 11)
    await queue.join()  # every item has been handled

    for _ in consumers:  # one sentinel per consumer
        await queue.put(None)
    await asyncio.gather(*consumers)

asyncio.run(main())
