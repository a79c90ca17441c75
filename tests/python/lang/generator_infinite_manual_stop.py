# infinite generators stopped by the consumer
def naturals():
    n = 0
    while True:
        yield n
        n += 1
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
out = []
for n in naturals():
    if n >= 5:
        break
    out.append(n)
print(out)
f = fib()
print([next(f) for _ in range(12)])
def take(n, it):
    for i, x in enumerate(it):
        if i == n:
            return
        yield x
print(list(take(4, (x * x for x in naturals()))))
