# str.split with and without separators and maxsplit, and str.join
s = "  a b   c  "
print(s.split())
print(s.split(" "))
print("a,b,,c".split(","))
print("a,b,c,d".split(",", 2))
print("a,b,c,d".rsplit(",", 1))
print("one\ntwo\r\nthree\n".splitlines())
print("-".join(["x", "y", "z"]), "".join([]), ", ".join("abc"))
print("".split(), "".split(","))
