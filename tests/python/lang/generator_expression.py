# generator expressions are lazy and single-use
def src():
    for i in range(3):
        print("produce", i)
        yield i
g = (x * 10 for x in src())
print("created")
print(next(g))
print(list(g))
print(list(g))
print(sum(x for x in range(101)))
print(max(len(w) for w in ["a", "abc", "ab"]))
print(type(g).__name__)
