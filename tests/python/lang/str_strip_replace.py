# strip family and replace with counts
s = "xx--hello--xx"
print(s.strip("x"), s.lstrip("x"), s.rstrip("x"))
print(s.strip("x-"))
print("  \t pad \n".strip() + "|")
print("aaaa".replace("a", "b"), "aaaa".replace("a", "b", 2))
print("abc".replace("", "-"))
print("hello".removeprefix("he"), "hello".removesuffix("lo"), "hello".removeprefix("x"))
