import asyncio

async def risky_task():
    await asyncio.sleep(0.75)  # some work before it goes wrong
    raise ValueError("出错")

async def main():
    try:
        await risky_task()
    except ValueError as e:
        print(f"捕获异常：{e}")

    # many tasks: exceptions come back as values
    tasks = [risky_task() for _ in range(4)]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            print("任务失败：", r)

asyncio.run(main())
