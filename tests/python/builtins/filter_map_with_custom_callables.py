# map and filter accept any callable, including classes and bound methods
class Box:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"Box({self.v})"
print(list(map(Box, [1, 2])))
print(list(map(str.upper, ["a", "b"])), list(map("-".join, ["ab", "cd"])))
print(list(filter(str.isdigit, ["1", "a", "22"])))
seen = set()
print(list(filter(lambda x: not (x in seen or seen.add(x)), [3, 1, 3, 2, 1])))
print(list(map(pow, [2, 3], [3, 2], [5, 5])))
