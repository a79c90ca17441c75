# StopIteration from next(), its value, and its conversion inside generators
it = iter([])
try:
    next(it)
except StopIteration as e:
    print("empty:", repr(e), e.value)
def gen():
    yield 1
    return "ret"
g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print("value:", e.value)
def leaky():
    yield 1
    next(iter([]))
try:
    list(leaky())
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__)
