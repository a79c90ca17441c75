# min and max with tuple keys and ties return the first maximal item
scores = [("ann", 90, 3), ("bob", 95, 1), ("cid", 95, 2), ("dee", 80, 9)]
print(max(scores, key=lambda s: s[1]), min(scores, key=lambda s: s[1]))
print(max(scores, key=lambda s: (s[1], s[2])), max(scores, key=lambda s: (s[1], -s[2])))
print(min([3, 1, 1.0, 2]), max([1, True]), max([True, 1]))
print(max(range(10), key=lambda x: x % 4), min("bca", key=ord))
