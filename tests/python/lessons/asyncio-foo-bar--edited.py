import asyncio

async def foo():
    print('Foo')
    await asyncio.sleep(1.5)
    print('End Foo')

async def bar():
    print('Bar')
    await asyncio.sleep(3)
    print('End Bar')

async def main():
    task1 = asyncio.create_task(foo())
    task2 = asyncio.create_task(bar())

    await task1
    await task2

asyncio.run(main())
