import asyncio

async def worker(num):
    print(f"Worker {num} is starting")
    await asyncio.sleep(1.5)
    print(f"Worker {num} is finished")

async def main():
    tasks = []
    for i in range(6):
        task = asyncio.create_task(worker(i))
        tasks.append(task)
    await asyncio.gather(*tasks)

asyncio.run(main())
