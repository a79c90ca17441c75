# a generator's return value travels in StopIteration.value and yield from
def g():
    yield 1
    return "result"
it = g()
next(it)
try:
    next(it)
except StopIteration as e:
    print("value:", e.value, e.args)
def outer():
    r = yield from g()
    print("inner returned", r)
    yield r.upper()
print(list(outer()))
