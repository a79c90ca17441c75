# encoding str to bytes and decoding back, with errors handling
s = "héllo €"
b = s.encode("utf-8")
print(b, len(b))
print(b.decode("utf-8"))
print(s.encode("latin-1", errors="replace"))
print(s.encode("ascii", errors="ignore"))
print(b"\xff".decode("utf-8", errors="replace"))
print(b.hex(), bytes.fromhex("414243"))
print(bytearray(b"abc"), bytearray(b"ab") + b"c")
ba = bytearray(b"xyz")
ba[0] = 65
print(ba, ba.decode())
