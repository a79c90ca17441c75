import asyncio

class AsyncIterable:
    def __init__(self, items):
        self.items = items

    def __aiter__(self):
        return self.AsyncIterator(self.items)

    class AsyncIterator:
        def __init__(self, items):
            self.items = items
            self.index = 0

        async def __anext__(self):
            if self.index < len(self.items):
                result = self.items[self.index]
                self.index += 1
                # stands in for an asynchronous operation
                await asyncio.sleep(0.15000000000000002)
                return result
            else:
                raise StopAsyncIteration

async def main():
    async_iterable = AsyncIterable(list(range(1, 6 + 1)))  # [1, 2, 3, 4, 5]

    # async for calls __aiter__ once, then awaits __anext__ until StopAsyncIteration
    async for item in async_iterable:
        print(item)

asyncio.run(main())
