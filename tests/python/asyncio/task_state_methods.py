# done, cancelled, result and exception on pending, finished, failed and cancelled tasks
import asyncio
async def ok():
    await asyncio.sleep(0.1)
    return "ok"
async def fail():
    await asyncio.sleep(0.1)
    raise ValueError("failed")
async def main():
    a = asyncio.create_task(ok())
    b = asyncio.create_task(fail())
    c = asyncio.create_task(ok())
    print(a.done(), a.cancelled())
    try:
        a.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError", e)
    c.cancel()
    await asyncio.sleep(0.2)
    print(a.done(), a.result(), a.exception())
    print(b.done(), repr(b.exception()))
    try:
        b.result()
    except ValueError as e:
        print("result() raises", e)
    print(c.cancelled(), c.done())
    try:
        c.exception()
    except asyncio.CancelledError:
        print("exception() of a cancelled task raises CancelledError")
asyncio.run(main())
