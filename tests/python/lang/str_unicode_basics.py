# unicode strings: len counts code points, ord/chr, escapes
s = "héllo 世界 😀"
print(len(s), s.upper())
print(s[1], s[6], s[-1])
print(ord("é"), ord("世"), ord("😀"))
print(chr(233), chr(0x4e16), "\u00e9" == "é", "\N{GREEK SMALL LETTER ALPHA}")
print("😀".encode("utf-8"), len("😀".encode("utf-8")))
print(s[::-1])
