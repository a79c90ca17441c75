# frozenset is hashable and compares equal to set with the same ints
f = frozenset([3, 1, 2])
print(f, len(f))
print(f == {1, 2, 3}, {f: "ok"}[frozenset({1, 2, 3})])
print(f | {4}, type(f | {4}).__name__, type({4} | f).__name__)
print(frozenset(), frozenset({1}) < f)
try:
    f.add(4)
except AttributeError as e:
    print(e)
