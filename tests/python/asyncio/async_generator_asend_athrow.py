# asend and athrow drive an async generator like send and throw
import asyncio
async def echo():
    try:
        received = yield "ready"
        while True:
            await asyncio.sleep(0)
            received = yield f"echo {received}"
    except ValueError as e:
        yield f"handled {e}"
async def main():
    g = echo()
    print(await g.asend(None))
    print(await g.asend("one"))
    print(await g.asend("two"))
    print(await g.athrow(ValueError("bad")))
    try:
        await g.asend("more")
    except StopAsyncIteration:
        print("StopAsyncIteration")
asyncio.run(main())
