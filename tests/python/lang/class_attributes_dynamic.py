# instance __dict__, getattr/setattr on objects, class attribute lookup order
class P:
    kind = "class"
    def __init__(self):
        self.a = 1
p = P()
print(p.__dict__)
p.b = 2
setattr(p, "c", 3)
print(p.__dict__, getattr(p, "kind"), hasattr(p, "zz"))
p.kind = "instance"
print(p.kind, P.kind)
del p.kind
print(p.kind)
del p.a
print(p.__dict__, hasattr(p, "a"))
P.extra = lambda self: "method added later"
print(p.extra())
