# int() from floats, strings, bools and with bases; error messages
print(int(), int(7.9), int(-7.9), int("  12 "), int("-0x1f", 16), int("11", base=2))
print(int("१२३"), int(" 1_0 "))
for bad in ["1.5", "", "abc", "1 2", "0x10"]:
    try:
        int(bad)
    except ValueError as e:
        print(e)
try:
    int("9", 8)
except ValueError as e:
    print(e)
try:
    int([1])
except TypeError as e:
    print(e)
