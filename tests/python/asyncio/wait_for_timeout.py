# wait_for cancels the inner coroutine on timeout and raises TimeoutError
import asyncio
async def slow():
    try:
        print("slow starts")
        await asyncio.sleep(1)
        print("never")
    except asyncio.CancelledError:
        print("slow was cancelled")
        raise
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        await asyncio.wait_for(slow(), timeout=0.2)
    except asyncio.TimeoutError as e:
        print("timed out", type(e).__name__, asyncio.TimeoutError is TimeoutError)
    print(f"after {loop.time() - t0:.1f}")
asyncio.run(main())
