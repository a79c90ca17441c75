# del removes names, list items, slices, dict keys and attributes
x = 1
del x
try:
    print(x)
except NameError as e:
    print(e)
a = [0, 1, 2, 3, 4]
del a[0], a[-1]
print(a)
d = {"a": 1, "b": 2}
del d["a"]
print(d)
class O: pass
o = O(); o.v = 1
del o.v
print(hasattr(o, "v"))
try:
    del d["zz"]
except KeyError as e:
    print("KeyError", e)
