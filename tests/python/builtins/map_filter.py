# map and filter are lazy and accept several iterables or None
print(list(map(str, [1, 2, 3])))
print(list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])))
print(list(filter(lambda x: x % 2, range(10))))
m = map(print, ["lazy"])
print("before consuming")
print(list(m))
print(list(map(int, "123")), sum(map(len, ["ab", "c"])))
