# zip stops at the shortest input, takes any number of iterables, and strict=True
print(list(zip([1, 2, 3], "ab")))
print(list(zip(range(3), "xyz", [True, False, None])))
print(list(zip()), list(zip([1])))
pairs = [(1, "a"), (2, "b")]
nums, letters = zip(*pairs)
print(nums, letters)
print(dict(zip("abc", range(3))))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print(e)
