# bools are ints: arithmetic, sums and printing
print(True + True, True * 10, False - 1)
print(sum([True, False, True, True]))
print(True == 1, False == 0, True is True)
print(int(True), str(False), repr(True))
print(True & False, True | False, True ^ True)
print(~True)
print(isinstance(True, int), type(True).__name__)
print(not 0, not 1, not "", not "a", not [], not None)
