# bool() of values and objects with __bool__ or __len__
class Z:
    def __len__(self):
        return 0
class T:
    def __bool__(self):
        return True
print([bool(v) for v in [0, 1, -1, 0.0, "", "0", [], [0], {}, set(), None, (), Z(), T()]])
print(bool(), bool(float("nan")), bool(range(0)), bool(b""))
