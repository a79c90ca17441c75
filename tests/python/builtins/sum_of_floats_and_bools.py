# sum adds left to right, so float rounding depends on order
vals = [1e16, 1.0, -1e16]
print(sum(vals), sum([1e16, -1e16, 1.0]), sum(sorted(vals, key=abs)))
print(sum([True] * 5), sum([0.5, True]), sum(range(10), 0.0))
print(sum([1, 2], start=100), sum([[1], [2]], start=[0]))
