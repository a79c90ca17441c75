# current_task() returns the running task; names come from create_task(name=...) or set_name
import asyncio
async def who():
    t = asyncio.current_task()
    print("running in", t.get_name())
    await asyncio.sleep(0)
    return t.get_name()
async def main():
    print("main task is", asyncio.current_task().get_name())
    a = asyncio.create_task(who(), name="alpha")
    b = asyncio.create_task(who(), name="beta")
    b.set_name("beta-renamed")
    print(await a, await b)
    print(a.get_name(), a is not asyncio.current_task())
asyncio.run(main())
