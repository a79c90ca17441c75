# sum with start values, floats and lists
print(sum([1, 2, 3]), sum([1, 2, 3], 10), sum([]), sum([], 5))
print(sum([0.1] * 10), sum([1.5, 2.5]))
print(sum([[1], [2, 3]], []))
print(sum(range(1, 101)), sum(x * x for x in range(4)))
try:
    sum(["a", "b"], "")
except TypeError as e:
    print(e)
