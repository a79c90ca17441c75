# int methods: bit_count, to_bytes, from_bytes, conjugate, numerator
print((255).bit_count(), (-7).bit_count())
print((1024).to_bytes(2, "big"), (1024).to_bytes(2, "little"))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\xff", "big", signed=True))
print((5).numerator, (5).denominator, (5).real, (5).imag)
print((-5).__abs__(), (7).__add__(3), int.__name__)
print((10).__floordiv__(3), (3).__rsub__(10))
