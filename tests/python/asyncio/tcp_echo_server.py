# start_server and open_connection exchange lines over 127.0.0.1
import asyncio
async def handle(reader, writer):
    while line := await reader.readline():
        text = line.decode().rstrip("\n")
        print("server received", repr(text))
        writer.write(line.upper())
        await writer.drain()
    print("server saw EOF")
    writer.close()
    await writer.wait_closed()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for msg in ["hello", "concurrency playground"]:
        writer.write(msg.encode() + b"\n")
        await writer.drain()
        reply = await reader.readline()
        print("client got", reply)
    writer.write_eof()
    print("client read after EOF", await reader.read())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    print("server closed")
asyncio.run(main())
