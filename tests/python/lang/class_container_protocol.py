# __len__, __getitem__, __setitem__, __contains__ and iteration via __getitem__
class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __setitem__(self, i, v):
        self.items[i] = v
    def __contains__(self, v):
        print("contains", v)
        return v in self.items
b = Bag("a", "b", "c")
print(len(b), b[0], b[-1], b[1:])
b[0] = "z"
print("z" in b, "q" in b)
print(list(b), [x.upper() for x in b])
print(bool(Bag()), bool(b))
