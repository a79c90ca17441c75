# await outside an async function is a SyntaxError
import asyncio
def f():
    await asyncio.sleep(0)
