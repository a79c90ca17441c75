# an exception raised by a generator after send() reaches the caller
def acc():
    total = 0
    while True:
        x = yield total
        if x < 0:
            raise ValueError(f"negative: {x}")
        total += x
g = acc()
next(g)
print(g.send(5), g.send(7))
g.send(-1)
