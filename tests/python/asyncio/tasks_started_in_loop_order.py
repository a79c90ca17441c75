# tasks created in a loop start in creation order and equal sleeps finish in that order
import asyncio
async def job(i):
    print("start", i)
    await asyncio.sleep(0.1)
    print("end", i)
    return i * i
async def main():
    tasks = []
    for i in range(4):
        tasks.append(asyncio.create_task(job(i)))
    print("all created")
    results = [await t for t in tasks]
    print(results)
asyncio.run(main())
