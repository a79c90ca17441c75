# iterating dicts, views are live, and mutation during iteration raises
d = {"one": 1, "two": 2, "three": 3}
for k in d:
    print(k, d[k])
for k, v in d.items():
    print(f"{k}={v}", end=" ")
print()
keys = d.keys()
d["four"] = 4
print(len(keys), "four" in keys)
try:
    for k in d:
        d["new" + k] = 0
except RuntimeError as e:
    print(e)
print(sorted(d.values()))
