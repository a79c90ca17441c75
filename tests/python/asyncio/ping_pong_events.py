# two tasks alternate strictly by handing events back and forth
import asyncio
async def player(name, my_turn, their_turn, rounds):
    for i in range(rounds):
        await my_turn.wait()
        my_turn.clear()
        print(name, i)
        their_turn.set()
async def main():
    ping, pong = asyncio.Event(), asyncio.Event()
    ping.set()
    await asyncio.gather(player("ping", ping, pong, 3), player("pong", pong, ping, 3))
asyncio.run(main())
