# __cause__, __context__ and __suppress_context__ record how exceptions were chained
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("implicit")
except ValueError as e:
    print(repr(e.__context__), e.__cause__, e.__suppress_context__)
try:
    try:
        [][0]
    except IndexError as e:
        raise KeyError("explicit") from e
except KeyError as e:
    print(repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
try:
    try:
        None.x
    except AttributeError:
        raise TypeError("hidden") from None
except TypeError as e:
    print(e.__cause__, type(e.__context__).__name__, e.__suppress_context__)
