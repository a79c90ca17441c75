# except* picks exception types out of a TaskGroup's ExceptionGroup when two tasks fail in the same step
import asyncio
async def raise_after_yield(exc):
    await asyncio.sleep(0)
    raise exc
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(raise_after_yield(KeyError("k")))
            tg.create_task(raise_after_yield(TypeError("t")))
    except* KeyError as eg:
        print("KeyErrors:", [repr(e) for e in eg.exceptions])
    except* TypeError as eg:
        print("TypeErrors:", [str(e) for e in eg.exceptions])
    print("after")
asyncio.run(main())
