# str() falls back to __repr__; class and instance names and __class__
class Thing:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return f"Thing#{self.n}"
t = Thing(3)
print(str(t), repr(t), f"{t}", "%s" % t)
print(t.__class__.__name__, t.__class__ is Thing)
print(Thing.__qualname__)
class Outer:
    class Inner:
        pass
print(Outer.Inner.__name__, Outer.Inner.__qualname__)
print(repr(Thing), Outer.Inner)
