# issubclass with builtin hierarchies and tuples
print(issubclass(bool, int), issubclass(int, bool), issubclass(int, object))
print(issubclass(KeyError, LookupError), issubclass(KeyError, Exception), issubclass(KeyError, (TypeError, IndexError)))
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(Exception, BaseException))
print(issubclass(KeyboardInterrupt, Exception), issubclass(StopIteration, Exception))
try:
    issubclass(3, int)
except TypeError as e:
    print(e)
