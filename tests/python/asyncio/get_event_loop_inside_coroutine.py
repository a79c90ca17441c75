# get_event_loop and get_running_loop return the running loop inside a coroutine
import asyncio
async def main():
    a = asyncio.get_running_loop()
    b = asyncio.get_event_loop()
    print(a is b, a.is_running())
try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("RuntimeError", e)
asyncio.run(main())
