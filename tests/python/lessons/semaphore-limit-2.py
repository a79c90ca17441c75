import asyncio

async def worker(semaphore, num):
    async with semaphore:
        print(f"Worker {num} is starting")
        await asyncio.sleep(1)
        print(f"Worker {num} is finished")

async def main():
    semaphore = asyncio.Semaphore(2)  # at most this many at once
    tasks = [asyncio.create_task(worker(semaphore, i)) for i in range(5)]
    await asyncio.gather(*tasks)

asyncio.run(main())
