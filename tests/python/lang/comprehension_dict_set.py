# dict and set comprehensions
print({k: v for k, v in [("a", 1), ("b", 2)]})
print({x: x ** 2 for x in range(5) if x != 2})
print({x % 4 for x in range(20)})
words = ["apple", "bob", "cat", "apple"]
print({w: len(w) for w in words})
print({v: k for k, v in {"a": 1, "b": 2}.items()})
print({(i, j) for i in range(2) for j in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
