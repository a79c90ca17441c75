# the first matching except clause wins, base classes catch subclasses
def classify(exc):
    try:
        raise exc
    except KeyError:
        return "KeyError"
    except LookupError:
        return "LookupError"
    except ArithmeticError:
        return "ArithmeticError"
    except Exception as e:
        return "Exception " + type(e).__name__
for exc in [KeyError("k"), IndexError("i"), ZeroDivisionError(), OverflowError(), ValueError(), StopIteration()]:
    print(type(exc).__name__, "->", classify(exc))
