# asyncio.sleep returns its result argument after the delay
import asyncio
async def main():
    v = await asyncio.sleep(0.1, result="payload")
    print(v)
    print(await asyncio.sleep(0))
    print(await asyncio.sleep(0, "zero"))
asyncio.run(main())
