# an exception escaping asyncio.run shows the coroutine frames in the traceback
import asyncio
async def fetch(url):
    await asyncio.sleep(0)
    if not url.startswith("http"):
        raise ValueError(f"bad url: {url}")
    return url
async def main():
    print(await fetch("http://a"))
    task = asyncio.create_task(fetch("ftp://b"))
    await task
asyncio.run(main())
