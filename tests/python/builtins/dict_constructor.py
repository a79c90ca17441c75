# dict() from kwargs, pairs, another dict and zip
print(dict(a=1, b=2))
print(dict([("x", 1), ("y", 2)]))
print(dict({"a": 1}, b=2))
print(dict(zip(["p", "q"], [1, 2])), dict())
print(dict([("k", 1), ("k", 2)]), dict(["ab", "cd"]))
try:
    dict([1, 2])
except TypeError as e:
    print(e)
try:
    dict([("a", 1, 2)])
except ValueError as e:
    print(e)
