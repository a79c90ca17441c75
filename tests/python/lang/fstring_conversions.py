# f-string !r, !s, !a conversions and the = debugging form
x = "hé"
y = 10
print(f"{x!r}|{x!s}|{x!a}")
print(f"{x=}")
print(f"{y=}, {y * 2 = }")
print(f"{y=:5}|")
print(f"{[1, 'a']!r}")
print(f"{y!r:>4}|")
