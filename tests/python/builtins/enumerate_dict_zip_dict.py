# enumerate and zip over dicts iterate keys in insertion order
d = {"x": 10, "y": 20, "z": 30}
print(list(enumerate(d)), list(enumerate(d.values(), 1)))
print(list(zip(d, d.values())), list(zip(d.items(), "ab")))
for i, (k, v) in enumerate(d.items()):
    print(i, k, v)
