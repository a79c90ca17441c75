# dict get, setdefault, pop, popitem, update, keys/values/items in insertion order
d = {"b": 1, "a": 2}
d["c"] = 3
print(d, len(d))
print(d.get("a"), d.get("z"), d.get("z", 0))
print(d.setdefault("a", 100), d.setdefault("d", 4), d)
print(d.pop("b"), d.pop("zz", "none"), d)
print(d.popitem(), d)
d.update({"x": 1}, y=2); d.update([("a", 9)])
print(d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values())
