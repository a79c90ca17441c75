# ranges with big bounds, negative steps and slicing stay lazy
r = range(10 ** 18, 10 ** 18 + 10, 3)
print(r, len(r), r[1], r[-1], list(r))
print(range(10)[::-1], range(10)[::-2], range(0, 10, 2)[::-1])
print(list(range(-5, 5, 4)), range(-3)[::], len(range(-3)))
print(10 ** 18 + 3 in r, 10 ** 18 + 4 in r)
big = range(10 ** 30)
print(big[-1], big.index(123))
