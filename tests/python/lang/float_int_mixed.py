# mixing ints and floats, float methods and conversions
print(1 + 2.0, 3 * 0.5, 10 / 4, 10 // 4.0, 10 % 3.5)
print(-7.5 // 2, -7.5 % 2)
print((2.5).is_integer(), (3.0).is_integer())
print((0.5).as_integer_ratio())
print(int(1e20))
print(2 ** 0.5 * 2 ** 0.5 == 2)
print(abs(-3.5), float(7))
print(1 == 1.0, hash(1) == hash(1.0))
