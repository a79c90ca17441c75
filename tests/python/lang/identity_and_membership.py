# is, is not, in and not in across types
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
print(None is None, type(None) is type(None))
print(3 in range(5), 5 in range(5), "b" in "abc", "ab" in "abc")
print("k" in {"k": 1}, 1 in {"k": 1}, (1, 2) in [(1, 2)])
print(1 in [1.0], True in [1], [] in [[]])
x = ()
print(x == (), len(x))
