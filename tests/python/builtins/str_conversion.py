# str() of numbers, containers and bytes with encoding
print(str(42), str(-0.5), str(1e-9), str([1, "a"]), str((None,)))
print(str(b"abc"), str(b"abc", "ascii"), str(bytearray(b"x"), encoding="utf-8"))
print(str(), repr(str()), str("x") is not None)
print(str(True) + str(False), str(10 ** 25))
