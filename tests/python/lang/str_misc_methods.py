# expandtabs, translate, maketrans, encode, comparisons
print("a\tb\tc".expandtabs(4))
t = str.maketrans("abc", "xyz", "d")
print("aabbccdd".translate(t))
print("abc" < "abd", "Z" < "a", "" < "a", "abc" == "abc")
print("ab" * 3, 3 * "-")
print(str(123), str(1.5), str([1, "a"]))
print("x".join(map(str, range(5))))
print("Hello"[::-1].lower().capitalize())
