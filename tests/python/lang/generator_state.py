# exhausted generators and iterators stay exhausted; generator functions and objects have distinct types
def g():
    yield "a"
    yield "b"
it = g()
print(list(it), list(it))
it = iter([1, 2, 3])
print(next(it), list(it), next(it, None))
def counter(start):
    while start > 0:
        yield start
        start -= 1
print(list(counter(3)), list(counter(0)))
print(sum(counter(100)))
print(type(g).__name__, type(g()).__name__)
