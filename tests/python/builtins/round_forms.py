# round with ndigits, half-even, negative ndigits and on ints
print(round(2.5), round(3.5), round(-2.5), round(0.49999999999999994))
print(round(3.14159, 2), round(3.14159, 0), round(3.14159, 4))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print(round(1234.5, -1), round(15, -1), round(25, -1))
print(round(7, 2), type(round(7.0, 1)).__name__, type(round(7.5)).__name__)
print(round(0.1 + 0.2, 15), round(1e300, 2), round(2.345, 2))
