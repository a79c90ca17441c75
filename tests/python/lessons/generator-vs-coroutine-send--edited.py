import asyncio  # added: new_coroutine uses asyncio.sleep

# a generator
def gen():
    yield 1
    yield 2

# a coroutine in the old style, built on a generator
def old_coroutine():
    x = yield
    yield x + 1

c = old_coroutine()
next(c)  # prime it: run to the first yield
print(c.send(6))  # x = the value sent; prints it plus one

# a coroutine in the new style
async def new_coroutine():
    await asyncio.sleep(1)
    return "完成"
