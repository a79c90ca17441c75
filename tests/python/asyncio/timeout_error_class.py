# asyncio.TimeoutError is the builtin TimeoutError in 3.11
import asyncio
async def main():
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.1)
    except TimeoutError as e:
        print("caught builtin", type(e).__name__, e.args)
    print(asyncio.TimeoutError is TimeoutError, issubclass(TimeoutError, OSError))
asyncio.run(main())
