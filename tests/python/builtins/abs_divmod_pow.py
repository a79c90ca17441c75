# abs, divmod and pow on ints and floats
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-0.0), abs(True))
print(divmod(7, 2), divmod(-7, 2), divmod(7.5, 2), divmod(-7.5, 2))
print(pow(2, 10), pow(2, -2), pow(2.0, 3), pow(-8, 1 / 3).real > 0)
print(pow(3, 4, 5), pow(10, 100, 7), 2 ** 0.5)
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print(e)
