# __int__, __float__ and __index__ are used by int(), float(), hex() and indexing
class N:
    def __index__(self):
        return 3
    def __int__(self):
        return 4
    def __float__(self):
        return 2.5
n = N()
print(int(n), float(n), hex(n), bin(n), "abcdef"[n], [0, 1, 2, 3, 4][n])
print(list(range(n)), "ab" * n)
class OnlyIndex:
    def __index__(self):
        return 5
print(int(OnlyIndex()), oct(OnlyIndex()))
