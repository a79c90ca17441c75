# without return_exceptions the first exception propagates, other tasks keep running
import asyncio
async def fails():
    await asyncio.sleep(0.1)
    print("fails raises")
    raise KeyError("boom")
async def slow():
    await asyncio.sleep(0.2)
    print("slow still finished")
    return "slow"
async def main():
    try:
        await asyncio.gather(fails(), slow())
    except KeyError as e:
        print("gather raised", repr(e))
    print("main waits")
    await asyncio.sleep(0.2)
    print("main done")
asyncio.run(main())
