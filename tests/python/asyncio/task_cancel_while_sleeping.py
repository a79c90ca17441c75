# cancelling a sleeping task raises CancelledError inside it at the await
import asyncio
async def sleeper():
    print("sleeping")
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("cancelled inside, cleaning up")
        raise
    finally:
        print("finally runs")
async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0.1)
    print("cancel returns", t.cancel())
    print("cancelled yet?", t.cancelled())
    try:
        await t
    except asyncio.CancelledError:
        print("main sees CancelledError")
    print(t.cancelled(), t.done(), t.cancel())
asyncio.run(main())
