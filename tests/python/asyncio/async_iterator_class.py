# a class with __aiter__ and __anext__ works with async for and ends with StopAsyncIteration
import asyncio
class Countdown:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.n -= 1
        return self.n + 1
async def main():
    async for v in Countdown(3):
        print("countdown", v)
    print([v async for v in Countdown(4)])
    try:
        async for _ in 5:
            pass
    except TypeError as e:
        print("TypeError", e)
asyncio.run(main())
