# getattr works on modules and classes, including methods looked up by name
import math
print(getattr(math, "pi") == math.pi, getattr(math, "nope", "missing"))
print(getattr(math, "sqrt")(16.0))
class Calc:
    def add(self, a, b):
        return a + b
    def mul(self, a, b):
        return a * b
c = Calc()
for op in ["add", "mul"]:
    print(op, getattr(c, op)(3, 4), getattr(Calc, op)(c, 2, 5))
setattr(Calc, "sub", lambda self, a, b: a - b)
print(c.sub(10, 4), hasattr(Calc, "sub"))
