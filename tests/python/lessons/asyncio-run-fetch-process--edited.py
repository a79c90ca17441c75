import asyncio

async def fetch_data():
    print("Fetching data...")
    await asyncio.sleep(3)  # stands in for asynchronous I/O
    print("Data fetched")
    return "Some data"

async def process_data():
    print("Processing data...")
    await asyncio.sleep(1.5)  # stands in for processing
    print("Data processed")

async def main():
    # fetch the data
    data = await fetch_data()
    print(f"Received data: {data}")

    # process it
    await process_data()

# asyncio.run() is the program's entry point
if __name__ == "__main__":
    asyncio.run(main())
