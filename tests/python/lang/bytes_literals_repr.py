# bytes literals, repr, indexing gives ints
b = b"hello\x00\xff\n"
print(b)
print(repr(b"it's"), repr(b'"q"'))
print(b[0], b[-1], b[1:3])
print(list(b"abc"))
print(len(b), type(b[0]).__name__)
print(bytes([65, 66, 67]), bytes(3), bytes(range(3)))
print(b"ab" + b"cd", b"ab" * 2, b"b" in b"abc", 98 in b"abc")
print(b"\t\r\\")
