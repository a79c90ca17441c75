# float formatting with format specs and str()
x = 1234.5678
print(f"{x:.2f}|{x:10.3f}|{x:<10.1f}|{x:e}|{x:.3e}|{x:g}")
print(f"{0.000012345:g}|{1e20:g}|{123456789.0:g}")
print(f"{x:,.2f}|{x:+.1f}|{-x:.0f}")
print(f"{0.5:.0f}|{1.5:.0f}|{2.5:.0f}")
print(str(1.0), str(1e100), str(-1e-100))
print(f"{3.0:.3}|{3.14159:.3}|{1e-10:.2}")
print(format(1.0, ""), format(1.0, "g"))
