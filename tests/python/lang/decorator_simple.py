# a simple decorator wraps a function and runs at definition time
def loud(fn):
    print("decorating", fn.__name__)
    def wrapper(*args, **kwargs):
        print("before", fn.__name__, args)
        result = fn(*args, **kwargs)
        print("after", result)
        return result
    return wrapper
@loud
def add(a, b):
    return a + b
print("defined")
print(add(2, 3))
print(add.__name__)
