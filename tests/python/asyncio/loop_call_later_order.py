# call_later callbacks fire by deadline; cancelled handles never fire
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.3, print, "later 0.3")
    loop.call_later(0.1, print, "later 0.1")
    h = loop.call_later(0.2, print, "cancelled")
    loop.call_later(0.2, print, "later 0.2")
    h.cancel()
    print("handle cancelled:", h.cancelled())
    loop.call_soon(print, "soon")
    await asyncio.sleep(0.4)
    print("done")
asyncio.run(main())
