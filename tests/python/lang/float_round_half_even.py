# round() uses banker's rounding and exact binary values
print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5))
print(round(2.675, 2))
print(round(1.25, 1), round(1.35, 1))
print(round(3.14159, 3))
print(round(1234.5678, -2))
print(round(5), round(5.0), type(round(5.0)).__name__)
print(round(0.125, 2), round(0.375, 2))
