# new_event_loop and run_until_complete run coroutines on an explicit loop
import asyncio
async def add(a, b):
    await asyncio.sleep(0)
    return a + b
loop = asyncio.new_event_loop()
print(loop.is_running(), loop.is_closed())
print(loop.run_until_complete(add(2, 3)))
task = loop.create_task(add(10, 20))
print(loop.run_until_complete(task), task.done())
loop.close()
print(loop.is_closed())
