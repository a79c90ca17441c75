# __enter__/__exit__ ordering, the as-value, and exception info passed to __exit__
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.suppress
with CM("a") as v:
    print("body", v)
with CM("b", suppress=True):
    raise KeyError("k")
print("after suppressed")
try:
    with CM("c"):
        1 / 0
except ZeroDivisionError:
    print("propagated")
with CM("x") as x, CM("y") as y:
    print(x, y)
