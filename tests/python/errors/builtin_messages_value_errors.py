# exact messages of common ValueErrors
cases = [
    lambda: int("x"),
    lambda: int("12a", 16),
    lambda: float("1,5"),
    lambda: [1, 2].index(3),
    lambda: "abc".index("z"),
    lambda: [].remove(0),
    lambda: "a,b".split(""),
    lambda: list(range(3)).pop(10),
    lambda: (1, 2).index(5),
    lambda: "x".center(5, "ab"),
]
for c in cases:
    try:
        c()
    except (ValueError, IndexError, TypeError) as e:
        print(type(e).__name__, e)
