# dict views support len, membership, set operations and reversed
d = {"a": 1, "b": 2, "c": 3}
k = d.keys()
print(len(k), "a" in k, 1 in d.values(), ("a", 1) in d.items())
print(k & {"a", "z"}, k - {"a", "b"}, sorted(k | {"d"}))
print(list(reversed(d.keys())), list(reversed(d.items())))
print(dict.fromkeys(["x", "y"]), dict.fromkeys("ab", []))
