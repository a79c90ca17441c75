# eval evaluates expressions; exec runs statements in a given namespace
print(eval("1 + 2 * 3"), eval("[x * x for x in range(4)]"))
ns = {}
exec("x = 5\ny = x * 2\ndef f():\n    return x + y", ns)
print(ns["x"], ns["y"], ns["f"]())
print(eval("a + b", {"a": 1, "b": 2}))
print(eval("len('abc')"))
