# range with one, two and three arguments, negative steps and empty ranges
print(list(range(5)), list(range(2, 6)), list(range(0, 10, 3)))
print(list(range(10, 0, -3)), list(range(5, 5)), list(range(5, 0)))
print(range(5), range(1, 5), range(1, 10, 2), range(0, -5, -1))
print(len(range(0, 10, 3)), len(range(10, 0, -3)), len(range(0)))
print(range(10)[2], range(10)[-1], range(0, 20, 2)[3:6])
print(list(reversed(range(4))), 3 in range(0, 10, 3), 4 in range(0, 10, 3))
print(range(0, 6, 2) == range(0, 5, 2), range(3).index(2), range(7).count(3))
try:
    range(1, 5, 0)
except ValueError as e:
    print(e)
