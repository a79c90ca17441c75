# f-string precision, width and alignment specs
x = 3.14159
n = 42
print(f"{x:.2f}|{n:>5}|{n:<5}|{n:^7}|{n:05d}")
print(f"{1234567:,}|{1234567.891:,.2f}|{1234567:_}")
print(f"{0.256:.1%}|{1/3:.3%}")
print(f"{n:x}|{n:X}|{n:o}|{n:b}|{n:#x}|{n:#b}|{n:08b}")
print(f"{x:e}|{x:.2e}|{12345.678:E}")
print(f"{'s':*^9}|{'s':->4}|{-5:=+6}|{5:+}")
print(f"{n:c}|{'abc':.2}|{'abc':5}|")
