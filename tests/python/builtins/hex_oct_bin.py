# hex, oct and bin of positive, negative and big ints
print(hex(255), hex(-255), hex(0), hex(2 ** 64))
print(oct(8), oct(-8), oct(0))
print(bin(10), bin(-10), bin(0), bin(2 ** 20))
print(int(hex(12345), 16), int(bin(77), 2), int(oct(99), 8))
try:
    hex(1.5)
except TypeError as e:
    print(e)
