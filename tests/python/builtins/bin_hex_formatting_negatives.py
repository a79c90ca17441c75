# formatting negative numbers in bases with format specs and prefixes
for n in (5, -5, 255, -256):
    print(bin(n), hex(n), oct(n), f"{n:#06x}", f"{n:+b}", format(n, "o"))
print(f"{255:#X}", f"{-1 & 0xFFFF:016b}")
