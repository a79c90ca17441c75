# bad return values from __len__, __bool__ and __iter__ raise TypeError/ValueError
class NegLen:
    def __len__(self):
        return -1
class StrLen:
    def __len__(self):
        return "3"
class BadBool:
    def __bool__(self):
        return 1
class BadIter:
    def __iter__(self):
        return 5
for f in [lambda: len(NegLen()), lambda: len(StrLen()), lambda: bool(BadBool()), lambda: iter(BadIter())]:
    try:
        f()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
