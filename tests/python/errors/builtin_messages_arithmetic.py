# exact messages of ZeroDivisionError and OverflowError variants
import math
cases = [
    lambda: 1 / 0,
    lambda: 1 // 0,
    lambda: 1 % 0,
    lambda: 1.0 / 0,
    lambda: 1.0 // 0.0,
    lambda: 5 % 0.0,
    lambda: divmod(1, 0),
    lambda: math.exp(1000),
    lambda: 2 ** 10000 * 1.5,
    lambda: 10 ** 400 * 1.0,
    lambda: 1 << -1,
]
for c in cases:
    try:
        c()
    except (ArithmeticError, ValueError) as e:
        print(type(e).__name__, e)
