# lambdas as values, defaults, immediately invoked and in sort keys
add = lambda a, b=10: a + b
print(add(1), add(1, 2))
print((lambda: "called")())
print((lambda *a, **k: (a, k))(1, z=2))
ops = {"+": lambda a, b: a + b, "*": lambda a, b: a * b}
print(ops["+"](3, 4), ops["*"](3, 4))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
print(add.__name__)
compose = lambda f, g: lambda x: f(g(x))
print(compose(str, abs)(-5) + "!")
