# an exception raised in finally replaces the one in flight and chains it
def f():
    try:
        raise ValueError("from try")
    finally:
        raise KeyError("from finally")
try:
    f()
except KeyError as e:
    print("caught", repr(e), "context", repr(e.__context__))
f()
