# min and max with several arguments, iterables, key and default
print(max(3, 1, 2), min(3, 1, 2), max([4, 9, 2]), min("hello"))
print(max(["apple", "fig", "banana"], key=len), min(["bb", "a", "ccc"], key=len))
print(max([], default="empty"), min([], default=None))
print(max([1, 3, 3, 2], key=lambda x: x % 3), max([(1, "b"), (1, "a")]))
print(max("abc", "abd", "ab"), max(["Zebra", "apple"]), max(["Zebra", "apple"], key=str.lower))
print(max([-1, -5], key=abs), min(0.5, 1, key=float))
try:
    max([])
except ValueError as e:
    print(e)
