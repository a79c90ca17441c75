# __iter__ written as a generator makes an object re-iterable
class Tree:
    def __init__(self, value, *children):
        self.value = value
        self.children = children
    def __iter__(self):
        yield self.value
        for c in self.children:
            yield from c
t = Tree(1, Tree(2, Tree(3)), Tree(4))
print(list(t))
print(list(t), sum(t), max(t))
print([v * 10 for v in t if v % 2 == 0])
