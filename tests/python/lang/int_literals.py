# int literals in hex, octal, binary and with underscores
print(0xff, 0o17, 0b1011, 1_000, 0x_ff)
print(0XAB, 0O7, 0B1)
print(00, 0)
print(1_2_3)
print(type(10**100).__name__)
