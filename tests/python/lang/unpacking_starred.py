# starred assignment targets and starred expressions in literals and calls
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
a, *mid, b = range(5)
print(a, mid, b)
h, *t = [1]
print(h, t)
print([*range(3), *"ab"], (*[1, 2],), {*[1, 1, 2]})
print({**{"a": 1}, **{"b": 2}})
def f(*args):
    return args
print(f(*[1, 2], 3, *(4,)))
(a, *b), c = [1, 2, 3], 4
print(a, b, c)
