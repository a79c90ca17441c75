# a bare raise with no active exception is a RuntimeError
try:
    raise
except RuntimeError as e:
    print(type(e).__name__, e)
def f():
    raise
f()
