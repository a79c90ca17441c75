# format() applies a format spec like f-strings
print(format(3.14159, ".2f"), format(42, "08b"), format(255, "x"), format("s", ">4"))
print(format(1234567, ","), format(0.5, "%"), format(12, ""), format("abc", "^9"))
print(format(True), format(True, "d"), format(None), format([1, 2]))
class C:
    def __format__(self, spec):
        return f"C[{spec}]"
print(format(C(), "xyz"), f"{C():abc}", "{:q}".format(C()))
try:
    format(1, "q")
except ValueError as e:
    print(e)
