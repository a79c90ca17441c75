# functools.wraps copies the name and docstring; cache decorators memoize
import functools
def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)
    return wrapper
@traced
def square(x):
    "Return x squared."
    return x * x
print(square.__name__, square.__doc__, square(7))
calls = []
@functools.lru_cache(maxsize=None)
def fib(n):
    calls.append(n)
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(30), len(calls))
