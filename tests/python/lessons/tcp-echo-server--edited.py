import asyncio

LATENCY = 0.75  # one-way network delay (simulated)

async def handle_client(reader, writer):
    data = await reader.read(100)
    message = data.decode()
    addr = writer.get_extra_info('peername')
    print(f"Received {message} from {addr}")

    print(f"Send: {message}")
    writer.write(data)
    await asyncio.sleep(LATENCY)  # the bytes cross the network
    await writer.drain()

    print("Close the connection")
    writer.close()
    await writer.wait_closed()

async def client(message):
    reader, writer = await asyncio.open_connection('127.0.0.1', 8888)
    print(f"Client sends: {message}")
    writer.write(message.encode())
    await asyncio.sleep(LATENCY)  # the bytes cross the network
    await writer.drain()

    data = await reader.read(100)
    print(f"Client received: {data.decode()}")
    writer.close()
    await writer.wait_closed()

async def main():
    server = await asyncio.start_server(
        handle_client, '127.0.0.1', 8888)

    addr = server.sockets[0].getsockname()
    print(f'Serving on {addr}')

    async with server:  # closes the server on the way out
        # published: await server.serve_forever() (no client: runs forever)
        await asyncio.gather(*(client(f"Hello {i}") for i in range(2)))

asyncio.run(main())
