# Semaphore acquire/release counts; BoundedSemaphore refuses extra releases
import asyncio
async def main():
    s = asyncio.Semaphore(1)
    print(s.locked())
    await s.acquire()
    print(s.locked())
    s.release()
    s.release()
    print(s.locked(), s._value)
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError", e)
asyncio.run(main())
