# type() returns the class; its repr and __name__
print(type(1), type("a"), type([]), type({}), type(None), type(1.5))
print(type(type), type(print), type(len))
class C: pass
print(type(C()).__name__, type(C).__name__, type(C()) is C)
print(type(1).__name__, type(b"").__name__, type(range(1)).__name__, type(x for x in []).__name__)
print(type(lambda: 0).__name__, type(ValueError()).__name__, type(...).__name__)
def f(): pass
print(type(f), type(iter([])), type({}.keys()), type(zip()))
