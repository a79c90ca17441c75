# __call__, __add__, __radd__, __neg__, __bool__ and __hash__
class Money:
    def __init__(self, c):
        self.c = c
    def __add__(self, o):
        return Money(self.c + (o.c if isinstance(o, Money) else o))
    __radd__ = __add__
    def __neg__(self):
        return Money(-self.c)
    def __bool__(self):
        return self.c != 0
    def __call__(self, rate):
        return Money(self.c * rate)
    def __repr__(self):
        return f"Money({self.c})"
    def __eq__(self, o):
        return self.c == o.c
    def __hash__(self):
        return hash(self.c)
m = Money(5)
print(m + Money(2), m + 1, 1 + m, -m, sum([Money(1), Money(2)]))
print(m(3), bool(Money(0)), bool(m))
print(len({Money(1), Money(1), Money(2)}))
print(callable(m), callable(5))
