import asyncio

async def long_running_task():
    print("Task started")
    await asyncio.sleep(7.5)  # a long piece of work
    print("Task completed")
    return "Task result"

async def main():
    try:
        result = await asyncio.wait_for(long_running_task(), timeout=3)
        print(result)
    except asyncio.TimeoutError:
        print("Task timed out")

asyncio.run(main())
