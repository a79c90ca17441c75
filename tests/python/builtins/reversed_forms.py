# reversed works on sequences and objects with __reversed__
print(list(reversed([1, 2, 3])), "".join(reversed("abc")), tuple(reversed((1, 2))))
print(list(reversed(range(0, 10, 4))), list(reversed({"a": 1, "b": 2})))
class R:
    def __reversed__(self):
        return iter("zyx")
print(list(reversed(R())))
r = reversed([1, 2])
print(next(r), next(r), next(r, "end"))
try:
    reversed({1, 2})
except TypeError as e:
    print(e)
