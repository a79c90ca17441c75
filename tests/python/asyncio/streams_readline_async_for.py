# async for over a StreamReader yields lines; readexactly past EOF raises IncompleteReadError
import asyncio
async def handle(reader, writer):
    writer.writelines([b"one\n", b"two\n", b"thr", b"ee"])
    writer.write_eof()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 8897)
    reader, writer = await asyncio.open_connection("127.0.0.1", 8897)
    async for line in reader:
        print(line)
    print(reader.at_eof())
    server2 = await asyncio.start_server(handle, "127.0.0.1", 8896)
    reader, writer = await asyncio.open_connection("127.0.0.1", 8896)
    print(await reader.readexactly(4))
    try:
        await reader.readexactly(100)
    except asyncio.IncompleteReadError as e:
        print(type(e).__name__, e, e.partial, e.expected)
    for s in (server, server2):
        s.close()
        await s.wait_closed()
asyncio.run(main())
