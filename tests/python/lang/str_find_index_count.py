# find, rfind, index, count and startswith/endswith with tuples
s = "hello world, hello python"
print(s.find("hello"), s.rfind("hello"), s.find("java"))
print(s.index("world"), s.find("o", 5), s.find("o", 5, 7))
print(s.count("o"), s.count("hello"), s.count(""))
print(s.startswith("hello"), s.startswith(("x", "he")), s.endswith("python"))
print(s.startswith("world", 6), "abc".endswith(("c", "z")))
print("o" in s, "xyz" not in s)
