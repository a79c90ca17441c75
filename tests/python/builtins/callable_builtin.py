# callable is true for functions, classes, methods and objects with __call__
class C:
    def m(self): pass
class F:
    def __call__(self): pass
print(callable(len), callable(lambda: 0), callable(C), callable(C().m), callable(F()), callable(C()))
print(callable(1), callable("s"), callable(None), callable(print), callable(int))
