# exact messages of IndexError, KeyError and AttributeError
cases = [
    lambda: [][1],
    lambda: [1, 2][-3],
    lambda: ()[0],
    lambda: "abc"[5],
    lambda: {}["k"],
    lambda: {"a": 1}[("t", 1)],
    lambda: None.foo,
    lambda: (1).real.foo,
    lambda: "s".nope,
    lambda: [].push(1),
    lambda: range(3)[10],
]
for c in cases:
    try:
        c()
    except Exception as e:
        print(type(e).__name__, e)
