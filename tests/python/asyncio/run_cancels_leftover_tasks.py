# when main returns, asyncio.run cancels tasks that are still pending
import asyncio
async def background():
    try:
        print("background started")
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("background cancelled at shutdown")
        raise
async def main():
    asyncio.create_task(background())
    await asyncio.sleep(0.1)
    print("main returns")
    return "result"
print(asyncio.run(main()))
print("after run")
