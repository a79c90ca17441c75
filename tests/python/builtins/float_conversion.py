# float() from strings, ints and special names; error messages
print(float(), float(3), float("3.5"), float(" -1e-3 "), float("inf"), float("-nan"))
print(float("1_000.5"), float(True), float(10 ** 20))
for bad in ["abc", "", "1.2.3"]:
    try:
        float(bad)
    except ValueError as e:
        print(e)
try:
    float(10 ** 400)
except OverflowError as e:
    print(e)
