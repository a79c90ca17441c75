# __iter__ and __next__ make a class iterable; StopIteration ends the loop
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
for x in Countdown(3):
    print(x)
c = Countdown(2)
print(next(c), next(c), next(c, "done"))
print(list(Countdown(4)), sum(Countdown(10)))
class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return iter(range(0, self.n, 2))
print(list(Range2(7)), 4 in Range2(7))
