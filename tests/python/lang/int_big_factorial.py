# factorial of 50 computed with a loop, and big int division back down
f = 1
for i in range(1, 51):
    f *= i
print(f)
print(f // (2 ** 40))
print(f % 1000007)
print(f.bit_length())
print(str(f).count("0"))
