# without __eq__ objects compare by identity; hash works; no repr printed
class Plain:
    pass
a = Plain()
b = Plain()
print(a == a, a == b, a != b, a is not b)
print(len({a, b, a}), a in [b], a in [b, a])
print(hash(a) == hash(a))
d = {a: "a", b: "b"}
print(d[a], d[b])
print(type(a).__name__, isinstance(a, object))
