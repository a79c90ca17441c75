# dict keeps insertion order, reassigning keeps position, deleting and re-adding moves to end
d = {}
for k in ["z", "y", "x"]:
    d[k] = len(d)
print(d)
d["z"] = 100
print(d)
del d["z"]
d["z"] = 0
print(d)
print(list(d), list(reversed(d)))
print({1: "a", True: "b", 1.0: "c"})
print(dict.fromkeys("abc", 0), dict(zip("ab", [1, 2])))
print({**d, "w": 1, "y": -1})
print(d | {"q": 1}, {"a": 1} == {"a": 1.0})
