# f-strings evaluate arbitrary expressions, calls and methods
name = "world"
items = [1, 2, 3]
d = {"k": 5}
print(f"hello {name.upper()}!")
print(f"{sum(items)} {items[-1]} {d['k']} {len(name)}")
print(f"{'nested ' + f'{name}'}")
print(f"{3 + 4} {2 ** 8} {10 / 4}")
print(f"{name:>{len(name) + 2}}")
print(f"multi {name}" f" part {items}")
