# comprehension variables do not leak; they see enclosing names
x = "outer"
r = [x for x in range(3)]
print(x, r)
n = 10
print([n + i for i in range(3)])
def f():
    k = 2
    return [k * i for i in range(3)]
print(f())
fs = [lambda: i for i in range(3)]
print([g() for g in fs])
fs2 = [lambda i=i: i for i in range(3)]
print([g() for g in fs2])
