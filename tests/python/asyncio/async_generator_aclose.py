# breaking out of async for leaves the generator open; aclose() runs its finally
import asyncio
async def numbers():
    try:
        i = 0
        while True:
            yield i
            i += 1
    finally:
        print("generator cleanup")
async def main():
    gen = numbers()
    async for n in gen:
        if n == 2:
            break
        print(n)
    print("loop exited")
    await gen.aclose()
    print("closed")
asyncio.run(main())
