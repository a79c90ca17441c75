# comparisons between ints, floats and big ints are exact
print(1 == 1.0, 2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 == float(2 ** 53))
print(10 ** 20 > 1e19, 0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9)
print(-0.0 == 0, 1 < float("inf"), 10 ** 400 < float("inf"))
print(max(1, 2.0, 1.5), min(-1, -1.0), type(max(1, 1.0)).__name__)
print(True < 2, False == 0.0)
