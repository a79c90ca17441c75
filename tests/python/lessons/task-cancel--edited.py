import asyncio

async def long_running_task():
    try:
        print("Task started")
        await asyncio.sleep(15)  # a long piece of work
    except asyncio.CancelledError:
        print("Task was cancelled")
        raise  # let the task end as cancelled
    else:
        print("Task completed")
        return "Task result"

async def main():
    task = asyncio.create_task(long_running_task())

    await asyncio.sleep(3)
    task.cancel()

    try:
        await task
    except asyncio.CancelledError:
        print("Main: Task was cancelled")

asyncio.run(main())
