# __repr__ is used in containers and repr(), __str__ by print and str()
class V:
    def __init__(self, x):
        self.x = x
    def __repr__(self):
        return f"V({self.x!r})"
    def __str__(self):
        return f"<{self.x}>"
class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr()"
v = V("a")
print(v, str(v), repr(v))
print([v, V(2)], (v,), {"k": v})
print(f"{v} {v!r}")
print(OnlyRepr(), str(OnlyRepr()), [OnlyRepr()])
