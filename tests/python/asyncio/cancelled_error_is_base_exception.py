# CancelledError derives from BaseException, so except Exception does not catch it
import asyncio
async def worker():
    try:
        await asyncio.sleep(1)
    except Exception:
        print("never: Exception does not catch it")
    finally:
        print("worker finally")
async def main():
    print(issubclass(asyncio.CancelledError, Exception), issubclass(asyncio.CancelledError, BaseException))
    t = asyncio.create_task(worker())
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    print("cancelled:", t.cancelled())
asyncio.run(main())
