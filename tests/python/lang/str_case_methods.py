# upper, lower, title, capitalize, swapcase, casefold
s = "hello WORLD, it's 3pm"
print(s.upper())
print(s.lower())
print(s.title())
print(s.capitalize())
print(s.swapcase())
print("Straße".casefold(), "Straße".upper())
print("ABC".isupper(), "abc".islower(), "Hello World".istitle())
