# open_connection to a port nobody listens on raises ConnectionRefusedError with errno 111
import asyncio
async def main():
    try:
        await asyncio.open_connection("127.0.0.1", 1)
    except ConnectionRefusedError as e:
        print(type(e).__name__, e.errno, e)
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 8899)
    try:
        await asyncio.start_server(lambda r, w: None, "127.0.0.1", 8899)
    except OSError as e:
        print(type(e).__name__, e.errno)
    server.close()
    await server.wait_closed()
asyncio.run(main())
