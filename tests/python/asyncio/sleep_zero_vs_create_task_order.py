# tasks created earlier run before later ones after each sleep(0) round
import asyncio
log = []
async def spawner():
    log.append("spawner")
    asyncio.create_task(child("late"))
    await asyncio.sleep(0)
    log.append("spawner again")
async def child(name):
    log.append(name)
async def main():
    asyncio.create_task(spawner())
    asyncio.create_task(child("early"))
    await asyncio.sleep(0)
    log.append("main 1")
    await asyncio.sleep(0)
    log.append("main 2")
    await asyncio.sleep(0)
    print(log)
asyncio.run(main())
