# bitwise and, or, xor, invert and shifts, including on negatives
print(12 & 10, 12 | 10, 12 ^ 10)
print(~5, ~-1, ~0)
print(1 << 10, 1024 >> 3)
print(-16 >> 2, -1 >> 100)
print(1 << 100)
print(-12 & 0xFF)
print((255).bit_length(), (0).bit_length(), (-8).bit_length())
print(bin(0b1010 ^ 0b0110))
