# shield keeps the inner task running when the outer await is cancelled
import asyncio
async def important():
    await asyncio.sleep(0.2)
    print("important work finished")
    return "saved"
async def main():
    inner = asyncio.create_task(important())
    outer = asyncio.create_task(asyncio.wait_for(asyncio.shield(inner), timeout=0.1))
    try:
        await outer
    except TimeoutError:
        print("outer timed out, inner cancelled?", inner.cancelled())
    print(await inner)
asyncio.run(main())
