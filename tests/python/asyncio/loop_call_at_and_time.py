# call_at uses loop.time(); elapsed times rounded to 0.1 s
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    done = loop.create_future()
    def fire(label):
        print("fired", label, f"{loop.time() - t0:.1f}")
        if label == "last":
            done.set_result(None)
    loop.call_at(t0 + 0.2, fire, "last")
    loop.call_at(t0 + 0.1, fire, "first")
    await done
    print(f"total {loop.time() - t0:.1f}")
asyncio.run(main())
