# TASKS concurrent asyncio.sleep(1) tasks: ideally one second in all. The bench runs it as it is
# and with a hundred thousand tasks.
import asyncio
import time

TASKS = 10_000


async def main():
    t0 = time.perf_counter()
    await asyncio.gather(*(asyncio.sleep(1) for _ in range(TASKS)))
    return (time.perf_counter() - t0) * 1000


elapsed_ms = asyncio.run(main())
print("tasks", TASKS)
print(f"elapsed {elapsed_ms:.1f} ms")
