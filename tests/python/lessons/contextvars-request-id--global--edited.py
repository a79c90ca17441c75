import asyncio

request_id = None  # one variable for the whole program

async def handle_request(id):
    global request_id
    request_id = id
    await asyncio.sleep(0.75)  # the other requests overwrite it meanwhile
    print(f"处理请求 {request_id}")

async def main():
    await asyncio.gather(*(handle_request(i) for i in range(1, 3 + 1)))

asyncio.run(main())
