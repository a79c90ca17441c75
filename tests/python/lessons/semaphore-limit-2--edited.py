import asyncio

async def worker(semaphore, num):
    async with semaphore:
        print(f"Worker {num} is starting")
        await asyncio.sleep(1.5)
        print(f"Worker {num} is finished")

async def main():
    semaphore = asyncio.Semaphore(3)  # at most this many at once
    tasks = [asyncio.create_task(worker(semaphore, i)) for i in range(6)]
    await asyncio.gather(*tasks)

asyncio.run(main())
