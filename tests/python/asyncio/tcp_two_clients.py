# two clients talk to one server in turn; the server handles each connection in its own task
import asyncio
async def handle(reader, writer):
    name = (await reader.readline()).decode().strip()
    print("server: hello from", name)
    writer.write(f"welcome {name}\n".encode())
    await writer.drain()
    writer.close()
    await writer.wait_closed()
async def client(port, name):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(name.encode() + b"\n")
    await writer.drain()
    print(name, "got", (await reader.readline()).decode().strip())
    writer.close()
    await writer.wait_closed()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        await client(port, "alice")
        await client(port, "bob")
    print("done")
asyncio.run(main())
