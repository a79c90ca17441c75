# repr and str of builtin values
for v in [1, -1.5, "s", 'q"', b"b", None, True, [1, "a"], (1,), {"k": 2}, {3}, frozenset(), range(3), 1e100, 2 ** 70]:
    print(repr(v), str(v))
print(repr(print), repr(len))
print(repr(int), repr(str), repr(type(None)))
