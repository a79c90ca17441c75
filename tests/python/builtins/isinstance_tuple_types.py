# isinstance with tuples of types and nested tuples
vals = [1, 1.5, "s", [1], None, True, (1,)]
for v in vals:
    print(type(v).__name__, isinstance(v, (int, float)), isinstance(v, (str, (list, tuple))))
print(isinstance(None, type(None)), isinstance(int, type), isinstance(3, object))
try:
    isinstance(3, 4)
except TypeError as e:
    print(e)
