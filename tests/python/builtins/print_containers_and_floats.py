# print renders containers with repr of their items but top-level strings with str
print("top", ["in", "list"], ("t",), {"k": "v"})
print(0.1, [0.1, 1e-7, 1e16], (1.0, -0.0))
print([None, True, b"x", 'q"uote', "it's"])
print([[1, [2, [3]]]], {"a": {"b": {}}})
print(range(3), [range(3)])
