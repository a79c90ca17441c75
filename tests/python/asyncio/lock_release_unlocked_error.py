# releasing an unlocked Lock is a RuntimeError; acquire/release by hand works
import asyncio
async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    print(lock.locked())
    lock.release()
    print(lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError", e)
asyncio.run(main())
