# adding int and str in a nested call is a TypeError with both type names
def total(items):
    t = 0
    for i in items:
        t = t + i
    return t
print(total([1, 2]))
print(total([1, "2"]))
