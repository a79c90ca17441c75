# raising an exception class instantiates it with no arguments
try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args, str(e) == "")
def f():
    raise IndexError
f()
