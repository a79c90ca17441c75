# list() and tuple() from various iterables
print(list(), list("abc"), list((1, 2)), list({"a": 1, "b": 2}), list(range(3)))
print(tuple(), tuple([1, 2]), tuple("xy"), tuple({5: 0}))
print(list(x * 2 for x in range(3)), list(map(abs, [-1, -2])))
print(list({3, 1, 2}), list(b"ab"), list({"k": 1}.items()))
