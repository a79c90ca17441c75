# set() and frozenset() from iterables remove duplicates
print(set(), set([3, 1, 3, 2]), set(range(5)), set((1, 1)))
print(frozenset([2, 2, 1]), frozenset(), len(set("aabbc")))
print(sorted(set("mississippi")), set([1, 2]) == frozenset([2, 1]))
try:
    set([[1]])
except TypeError as e:
    print(e)
