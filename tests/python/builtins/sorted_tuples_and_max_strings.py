# sorting tuples compares element-wise; max/min of strings compares code points
pts = [(2, 1), (1, 2), (1, 1), (2, 0, 5), (2,)]
print(sorted(pts))
print(max(pts), min(pts))
words = ["pear", "Apple", "apple", "banana", "Éclair", "zoo"]
print(sorted(words), max(words), min(words))
print(max("hello world"), min("hello"), max(["a", "ab", "abc"]))
print(sorted([("b", 2), ("a", 2), ("b", 1)]), sorted(["10", "9", "100"]))
