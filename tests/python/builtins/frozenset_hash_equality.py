# frozensets with the same items are equal, hash equal and work as dict keys
a = frozenset([1, 2, 3])
b = frozenset([3, 2, 1])
print(a == b, hash(a) == hash(b), {a: 1}[b])
groups = {frozenset({1, 2}): "pair", frozenset(): "empty"}
print(groups[frozenset([2, 1])], groups[frozenset()])
print(frozenset({1}) in {frozenset({1}), frozenset({2})})
