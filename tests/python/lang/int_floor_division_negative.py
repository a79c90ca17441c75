# floor division and modulo round toward negative infinity
print(7 // 2, 7 % 2)
print(-7 // 2, -7 % 2)
print(7 // -2, 7 % -2)
print(-7 // -2, -7 % -2)
print(-1 // 10, -1 % 10)
print(0 // 5, 0 % -5)
print(-10 ** 20 // 7, -10 ** 20 % 7)
