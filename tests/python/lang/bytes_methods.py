# bytes methods mirror str methods and return bytes
b = b"  Hello, World  "
print(b.strip(), b.lower(), b.upper())
print(b.split(b","), b.strip().split())
print(b.replace(b"l", b"L"), b.find(b"World"), b.count(b"l"))
print(b"-".join([b"a", b"b"]), b.startswith(b"  H"))
print(b"abc" == b"abc", b"abc" < b"abd", b"a" == "a")
