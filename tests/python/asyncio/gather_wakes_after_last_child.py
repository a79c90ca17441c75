# the task awaiting gather resumes two loop steps after the last child finishes (done callbacks first, then its wakeup)
import asyncio
async def child(n):
    await asyncio.sleep(0)
    print("child", n, "finished")
    return n
async def bystander():
    for i in range(4):
        print("bystander", i)
        await asyncio.sleep(0)
async def waiter():
    print("gathered", await asyncio.gather(child(1), child(2)))
async def main():
    await asyncio.gather(waiter(), bystander())
asyncio.run(main())
