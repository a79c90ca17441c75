# default arguments, keyword arguments and mutable default sharing
def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"
print(greet("Ada"))
print(greet("Ada", "Hi"))
print(greet("Ada", punct="?"))
print(greet(punct=".", name="Bob", greeting="Yo"))
def append(x, acc=[]):
    acc.append(x)
    return acc
print(append(1), append(2), append(3, []))
def late(x, y=None):
    y = [] if y is None else y
    y.append(x)
    return y
print(late(1), late(2))
