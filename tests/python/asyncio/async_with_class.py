# async with calls __aenter__ and __aexit__, which may await and suppress exceptions
import asyncio
class Conn:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    async def __aenter__(self):
        await asyncio.sleep(0)
        print("open", self.name)
        return self
    async def __aexit__(self, et, ev, tb):
        await asyncio.sleep(0)
        print("close", self.name, et.__name__ if et else None)
        return self.suppress
async def main():
    async with Conn("a") as c:
        print("using", c.name)
    async with Conn("b", suppress=True):
        raise ValueError("swallowed")
    print("after b")
    try:
        async with Conn("c"):
            raise KeyError("escapes")
    except KeyError as e:
        print("caught", repr(e))
    async with Conn("x") as x, Conn("y") as y:
        print("both", x.name, y.name)
asyncio.run(main())
