# ascii() escapes non-ASCII characters in reprs
print(ascii("plain"), ascii("héllo"), ascii("😀"), ascii("€"))
print(ascii(["ü", 1]), ascii("\n"), ascii(b"\xff"))
