# comparisons between lists and tuples and of mismatched types
print([1, 2] == [1, 2], (1, 2) == [1, 2], [1, 2] != (1, 2))
print([1, 2, 3] < [1, 3], (1,) < (1, 0), [] < [0], () == ())
try:
    [1] < (1,)
except TypeError as e:
    print(e)
try:
    (1, "a") < (1, 2)
except TypeError as e:
    print(e)
print((1, "a") < (2, 1))
