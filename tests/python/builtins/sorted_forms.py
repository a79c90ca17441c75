# sorted returns new lists; key, reverse and stability
data = [3, 1, 4, 1, 5, 9, 2, 6]
print(sorted(data), data[:3])
print(sorted(data, reverse=True))
print(sorted("hello"), sorted({3: "a", 1: "b"}), sorted((3, 2, 1)))
print(sorted(["b", "A", "c", "B"]), sorted(["b", "A", "c", "B"], key=str.upper))
recs = [("x", 2), ("y", 1), ("z", 2), ("w", 1)]
print(sorted(recs, key=lambda r: r[1]))
print(sorted(recs, key=lambda r: r[1], reverse=True))
print(sorted([(2, "b"), (1, "c"), (2, "a")]))
try:
    sorted([1, "a"])
except TypeError as e:
    print(e)
