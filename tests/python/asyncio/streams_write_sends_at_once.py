# writer.write sends at once: the server reads before the client's drain, and drain does not wait
import asyncio
async def handle(reader, writer):
    data = await reader.read(100)
    print("server got", data, "at", round(asyncio.get_running_loop().time() - T0, 1))
    writer.write(data[::-1])
    await writer.drain()
    writer.close()
    await writer.wait_closed()
async def main():
    global T0
    T0 = asyncio.get_running_loop().time()
    server = await asyncio.start_server(handle, "127.0.0.1", 8898)
    reader, writer = await asyncio.open_connection("127.0.0.1", 8898)
    writer.write(b"abc")
    print("client wrote")
    await asyncio.sleep(0.3)
    await writer.drain()
    print("client drained at", round(asyncio.get_running_loop().time() - T0, 1))
    print("client got", await reader.read(100), "then", await reader.read(100))
    writer.close()
    await writer.wait_closed()
    async with server:
        pass
    print("serving:", server.is_serving())
asyncio.run(main())
