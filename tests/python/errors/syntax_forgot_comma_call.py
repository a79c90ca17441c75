# Two values side by side in a call: CPython asks whether a comma is missing
print(x  2)
