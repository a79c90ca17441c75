# set operations on small ints print in sorted order
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, a ^ b)
print(a.union([9]), a.intersection(b, {4}), a.difference({1}))
print({1, 2} <= a, {1, 2} < {1, 2}, a >= {1}, a.isdisjoint({7}))
s = set()
s.add(3); s.add(1); s.add(3)
print(s, len(s), 3 in s)
s.discard(99); s.remove(1); print(s)
print(set(), set([2, 1, 2]), {x % 3 for x in range(10)})
s.update([5, 6]); print(s, sorted(s, reverse=True))
