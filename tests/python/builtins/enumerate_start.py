# enumerate with and without start
for i, c in enumerate("abc"):
    print(i, c)
print(list(enumerate(["x", "y"], start=1)))
print(list(enumerate([], 5)), list(enumerate("ab", -1)))
e = enumerate("zz")
print(next(e), next(e), next(e, "end"))
