# an exception raised in __add__ called by the + operator
class Vec:
    def __init__(self, *xs):
        self.xs = xs
    def __add__(self, other):
        if len(self.xs) != len(other.xs):
            raise ValueError(f"length mismatch: {len(self.xs)} vs {len(other.xs)}")
        return Vec(*[a + b for a, b in zip(self.xs, other.xs)])
print((Vec(1, 2) + Vec(3, 4)).xs)
Vec(1) + Vec(1, 2)
