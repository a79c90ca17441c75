# tuples: packing, single-element, count/index, nested, hashing, comparison
t = 1, 2, 3
print(t, (1,), (), tuple("ab"))
print(t + (4,), t * 2, t[1:], t[::-1])
print(t.count(2), t.index(3), len(t))
u = ((1, 2), [3, 4])
u[1].append(5)
print(u)
print((1, 2) < (1, 3), (1, 2) == (1, 2), (2,) > (1, 9, 9))
print({(1, 2): "a"}[(1, 2)], hash((1, 2)) == hash((1, 2)))
print(type(()).__name__, type((1)).__name__, type((1,)).__name__)
