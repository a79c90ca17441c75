# list concatenation, repetition, comparison, membership and nested repr
a = [1, [2, 3], "x", ("t",), {"k": [None]}]
print(a)
print([1, 2] + [3], [0] * 3, [[]] * 2)
print([1, 2] == [1, 2], [1, 2] < [1, 2, 3], [2] > [1, 9])
print(2 in [1, 2], [2, 3] in a, "y" not in a)
print(len(a), a[1][0], a[-1]["k"])
b = [[0] * 2] * 2
b[0][0] = 1
print(b)
print(str([1.0, True, None, 'q"uote']))
