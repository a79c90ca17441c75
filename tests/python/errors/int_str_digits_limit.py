# 3.11 limits int/str conversion to 4300 digits by default
big = 10 ** 5000
print(big.bit_length())
try:
    s = str(big)
except ValueError as e:
    print(e)
try:
    int("1" * 5000)
except ValueError as e:
    print(e)
print(len(str(10 ** 4299)), len(hex(big)))
