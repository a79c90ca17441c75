import asyncio

async def task(name, delay):
    print(f"Task {name} started")
    await asyncio.sleep(delay)
    print(f"Task {name} completed")
    return f"Result of {name}"

async def main():
    # create_task starts both coroutines concurrently
    task1 = asyncio.create_task(task("A", 3))
    task2 = asyncio.create_task(task("B", 1.5))

    # wait for both; results come back in argument order
    results = await asyncio.gather(task1, task2)
    for result in results:
        print(result)

asyncio.run(main())
