import asyncio

async def fetch_data(x):
    print(f"Fetching data for {x}")
    await asyncio.sleep(1.5)  # stands in for network I/O
    return f"Data for {x}"

async def main():
    tasks = [fetch_data(i) for i in range(6)]
    results = await asyncio.gather(*tasks)
    for result in results:
        print(result)

asyncio.run(main())
