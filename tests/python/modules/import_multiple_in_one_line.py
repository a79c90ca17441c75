# import asyncio, time in one statement binds both modules
import asyncio, time
import math, random as r, sys
async def main():
    start = time.monotonic()
    await asyncio.sleep(0.1)
    return f"{time.monotonic() - start:.1f}"
print(asyncio.run(main()))
print(math.floor(1.5), r.__name__, sys.__name__, type(time).__name__)
