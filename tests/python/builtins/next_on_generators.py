# next() on generator objects, with default after exhaustion
def g():
    yield "first"
    yield "second"
it = g()
print(next(it), next(it), next(it, "fallback"), next(it, "again"))
gen = (c for c in "xy")
print(next(gen), next(gen))
try:
    next(gen)
except StopIteration:
    print("StopIteration raised")
