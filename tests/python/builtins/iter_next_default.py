# iter() and next() with defaults and the two-argument iter(callable, sentinel)
it = iter([1, 2])
print(next(it), next(it), next(it, "default"), next(it, None))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", repr(e))
vals = [3, 2, 1, 0, 5]
pop = iter(lambda: vals.pop(0), 0)
print(list(pop), vals)
s = iter("ab")
print(iter(s) is s, list(s))
try:
    iter(5)
except TypeError as e:
    print(e)
try:
    next([1])
except TypeError as e:
    print(e)
