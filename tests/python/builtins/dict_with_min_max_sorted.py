# min, max, sorted and sum over a dict, its values and items; slice objects
d = {"b": 2, "a": 1, "c": 3}
print(min(d), max(d.values()), sorted(d.items()), max(d, key=d.get))
print(list(range(3))[slice(1, None)], "abcdef"[slice(None, None, 2)])
print(sum(d.values()) / len(d), divmod(sum(d.values()), 4))
print(all(isinstance(k, str) for k in d), any(v > 2 for v in d.values()))
