# Event.wait blocks all waiters until set(); they wake in the order they waited
import asyncio
async def waiter(name, ev):
    print(name, "waiting")
    await ev.wait()
    print(name, "released")
async def main():
    ev = asyncio.Event()
    tasks = [asyncio.create_task(waiter(n, ev)) for n in ("a", "b", "c")]
    await asyncio.sleep(0.1)
    print("is_set", ev.is_set())
    ev.set()
    print("set called")
    await asyncio.gather(*tasks)
    print("is_set", ev.is_set())
    ev.clear()
    print("after clear", ev.is_set())
    await ev.wait() if ev.is_set() else print("would block")
asyncio.run(main())
