# divmod with signs and three-argument pow
print(divmod(17, 5))
print(divmod(-17, 5))
print(divmod(17, -5))
print(pow(3, 200, 1000))
print(pow(2, 10, 7))
print(pow(7, -1, 13))
print(pow(5, 0, 1))
print(pow(-3, 3))
