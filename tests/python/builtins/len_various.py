# len of strings, lists, tuples, dicts, sets, ranges, bytes and objects
class L:
    def __len__(self):
        return 7
print(len("abc"), len(""), len([1, 2]), len((1,)), len({"a": 1}), len({1, 2, 3}))
print(len(range(100)), len(b"xy"), len(L()), len("😀"))
try:
    len(5)
except TypeError as e:
    print(e)
