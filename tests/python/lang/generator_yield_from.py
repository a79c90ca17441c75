# yield from delegates iteration, send and nested generators
def inner(n):
    for i in range(n):
        got = yield i
        if got:
            print("inner got", got)
def outer():
    yield "start"
    yield from inner(3)
    yield from "xy"
    yield "end"
print(list(outer()))
o = outer()
print(next(o), next(o), o.send("hello"), next(o))
def tree(n):
    if n:
        yield n
        yield from tree(n - 1)
        yield from tree(n - 1)
print(list(tree(3)))
