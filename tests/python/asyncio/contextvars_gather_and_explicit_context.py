# gather children copy the context; create_task(context=...) runs in a given context
import asyncio
import contextvars
user = contextvars.ContextVar("user")
async def show(tag):
    print(tag, user.get("anonymous"))
    user.set(tag)
async def main():
    await asyncio.gather(show("a"), show("b"))
    print("main:", user.get("anonymous"))
    ctx = contextvars.copy_context()
    ctx.run(user.set, "in-ctx")
    await asyncio.create_task(show("c"), context=ctx)
    print("ctx now:", ctx[user], "main:", user.get("anonymous"))
asyncio.run(main())
