# None is a singleton, falsy, and prints as None
x = None
print(x, repr(x), str(x))
print(x is None, x == None, bool(x))
def f():
    pass
print(f())
print(type(None).__name__)
print([None, None])
print(None or "default", None and 1)
