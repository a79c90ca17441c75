# exact messages of common TypeErrors
five = 5
nothing = None
float_index = 1.5
cases = [
    lambda: 1 + "a",
    lambda: "a" + 1,
    lambda: [1] + (2,),
    lambda: five[0],
    lambda: nothing[0],
    lambda: five(),
    lambda: "x" * "y",
    lambda: -"a",
    lambda: len(),
    lambda: {}[[]],
    lambda: 1 < "a",
    lambda: "abc"[float_index],
    lambda: [].sort(1),
    lambda: int.from_bytes(),
]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(e)
