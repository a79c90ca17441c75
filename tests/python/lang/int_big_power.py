# big ints: powers of two and ten, their digit counts and arithmetic
x = 2 ** 200
print(x)
print(len(str(x)))
print(x + 1)
print(x * x)
print(10 ** 30 - 1)
print(x // 3, x % 3)
print(-x)
print(x > 10 ** 60, x < 10 ** 61)
