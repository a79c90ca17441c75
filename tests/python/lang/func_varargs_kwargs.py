# *args and **kwargs collect extra arguments in order
def f(a, *args, **kwargs):
    print(a, args, kwargs)
f(1)
f(1, 2, 3)
f(1, x=2, y=3)
f(*[1, 2], **{"k": "v"}, z=0)
def g(**kw):
    for k, v in kw.items():
        print(k, "->", v)
g(b=2, a=1, c=3)
def h(*args):
    return len(args), type(args).__name__
print(h(), h(None, None))
