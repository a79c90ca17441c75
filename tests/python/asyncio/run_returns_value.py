# asyncio.run runs a coroutine to completion and returns its value
import asyncio
async def compute(x):
    print("computing", x)
    await asyncio.sleep(0)
    return x * 2
result = asyncio.run(compute(21))
print("result", result)
print(asyncio.run(compute(1)) + asyncio.run(compute(2)))
