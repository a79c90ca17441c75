# nested try blocks, re-raise with bare raise, and the except variable is cleared
def f():
    try:
        try:
            int("x")
        except ValueError:
            print("inner handler")
            raise
    except ValueError as e:
        print("outer handler", e)
        return "done"
print(f())
try:
    raise TypeError("t")
except TypeError as err:
    pass
try:
    err
except NameError as e:
    print(e)
try:
    raise IndexError
except (KeyError, IndexError) as e:
    print("caught", type(e).__name__, repr(e))
