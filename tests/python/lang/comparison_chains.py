# chained comparisons evaluate each operand once and short-circuit
def v(n):
    print("eval", n)
    return n
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1)
print(v(1) < v(2) < v(3))
print(v(3) < v(2) < v(1))
x = 5
print(0 <= x < 10, x == 5 == 5.0)
print(1 < 2 > 0, 1 == 1 != 2)
print("a" < "b" < "c", [1, 2] < [1, 3], (1, 2) < (1, 2, 0))
