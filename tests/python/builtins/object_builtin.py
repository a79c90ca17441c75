# object() instances are distinct, hashable and have no __dict__; compare them only with is
a = object()
b = object()
print(a is b, a == b, a is a, type(a).__name__)
print(isinstance(a, object), len({a, b}))
try:
    a.x = 1
except AttributeError as e:
    print(e)
