# abs() and round() dispatch to __abs__ and __round__
class V:
    def __init__(self, x):
        self.x = x
    def __abs__(self):
        return f"abs({self.x})"
    def __round__(self, n=None):
        return f"round({self.x}, {n})"
print(abs(V(-3)), round(V(2.5)), round(V(2.5), 1))
try:
    abs("s")
except TypeError as e:
    print(e)
try:
    round("s")
except TypeError as e:
    print(e)
