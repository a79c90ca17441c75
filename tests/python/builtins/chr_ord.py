# chr and ord round-trip across ASCII and unicode; error messages
print(ord("a"), ord("A"), ord("0"), ord(" "), ord("\n"), ord("€"), ord("😀"))
print(chr(97), chr(8364), chr(128512), repr(chr(0)), repr(chr(10)))
print("".join(chr(ord(c) + 1) for c in "HAL"))
try:
    ord("ab")
except TypeError as e:
    print(e)
try:
    chr(-1)
except ValueError as e:
    print(e)
try:
    chr(0x110000)
except ValueError as e:
    print(e)
