# isinstance and issubclass follow inheritance and accept tuples
class A: pass
class B(A): pass
class C: pass
b = B()
print(isinstance(b, B), isinstance(b, A), isinstance(b, C))
print(isinstance(b, (C, A)), isinstance(3, (str, float)))
print(issubclass(B, A), issubclass(A, B), issubclass(B, B), issubclass(B, object))
print(issubclass(bool, int), isinstance(True, int), isinstance(1, bool))
print(type(b) is B, type(b) is A, type(b) == B)
print(isinstance(A, type), type(A).__name__, type(type).__name__)
