# chr/ord over a range build the ASCII alphabet and digits
print("".join(chr(i) for i in range(ord("a"), ord("z") + 1)))
print("".join(chr(i) for i in range(48, 58)), [ord(c) for c in "AZaz09"])
print([hex(ord(c)) for c in "aé€😀"])
print(chr(ord("a") ^ 32), chr(0x263A))
