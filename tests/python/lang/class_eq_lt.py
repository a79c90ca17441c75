# __eq__ and __lt__ drive ==, !=, <, > and sorting
class Ver:
    def __init__(self, *parts):
        self.parts = parts
    def __eq__(self, other):
        return self.parts == other.parts
    def __lt__(self, other):
        return self.parts < other.parts
    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))
a, b, c = Ver(1, 2), Ver(1, 10), Ver(1, 2)
print(a == c, a != b, a < b, b > a, a is c)
print(sorted([Ver(2), b, a, Ver(0, 9)]))
print(max([a, b]), min(b, a))
print(a in [b, c])
try:
    a <= b
except TypeError as e:
    print(e)
