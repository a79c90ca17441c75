# send() delivers values into a generator; the first send must be None
def averager():
    total = 0
    n = 0
    avg = None
    while True:
        x = yield avg
        total += x
        n += 1
        avg = total / n
g = averager()
print(g.send(None))
print(g.send(10))
print(g.send(20))
print(g.send(0))
def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received}"
e = echo()
print(next(e), e.send("a"), e.send("b"), next(e))
