# serve_forever waits until it is cancelled, and closes the server on the way out
import asyncio
async def main():
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 8895)
    try:
        await asyncio.wait_for(server.serve_forever(), timeout=0.2)
    except TimeoutError:
        print("timed out; serving:", server.is_serving())
asyncio.run(main())
