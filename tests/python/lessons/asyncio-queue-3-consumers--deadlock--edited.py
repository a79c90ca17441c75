import asyncio

async def producer(queue, n):
    for i in range(n):
        await asyncio.sleep(0.30000000000000004)  # published: random.uniform(0.1, 0.5)
        item = f'item_{i}'
        await queue.put(item)
        print(f'Produced {item}')

async def consumer(queue, name):
    while True:
        item = await queue.get()
        if item is None:
            break
        await asyncio.sleep(0.8999999999999999)  # published: random.uniform(0.1, 0.5)
        print(f'Consumer {name} consumed {item}')
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    num_items = 11

    producer_coro = producer(queue, num_items)
    consumers = [consumer(queue, f'C_{i}') for i in range(4)]

    # waits for the consumers, which only stop on None...
    await asyncio.gather(producer_coro, *consumers)

    await queue.join()

    # ...and None is only sent here: never reached
    for _ in consumers:
        await queue.put(None)

    await asyncio.gather(*consumers)  # would also fail: coroutines reused

asyncio.run(main())
