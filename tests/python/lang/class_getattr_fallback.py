# __getattr__ is only called for missing attributes
class Lazy:
    def __init__(self):
        self.real = "real"
    def __getattr__(self, name):
        print("computing", name)
        if name.startswith("x"):
            return name * 2
        raise AttributeError(f"no {name}")
o = Lazy()
print(o.real)
print(o.xy)
print(getattr(o, "nope", "default"))
print(hasattr(o, "xa"), hasattr(o, "b"))
