# exact messages when functions and methods get the wrong arguments
def f(x):
    pass
def g(a, b, c=1):
    pass
def h(*, k):
    pass
class C:
    def m(self, x):
        pass
cases = [
    lambda: f(),
    lambda: f(1, 2),
    lambda: g(1),
    lambda: g(),
    lambda: g(1, 2, 3, 4),
    lambda: f(y=1),
    lambda: f(1, x=2),
    lambda: h(1),
    lambda: C().m(),
    lambda: C().m(1, 2),
    lambda: C(1),
    lambda: (lambda: 0)(1),
]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(e)
