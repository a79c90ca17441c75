# float repr chooses the shortest string that round-trips
print(0.1 + 0.2)
print(1.0, 2.5, -0.5)
print(1e16, 1e15, 123456789012345678.0)
print(1e-7, 0.0001, 0.00001)
print(1 / 3, 2 / 3)
print(100.0, 1e22, 1e-5)
print(3.14159, 2.0 ** 0.5)
print(0.1 * 3, 1.1 * 1.1)
