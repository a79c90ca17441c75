# an exception raised in a handler can itself be caught outside
try:
    try:
        {}["a"]
    except KeyError as e:
        print("handling", repr(e))
        "x" + 1
except TypeError as e2:
    print("outer", e2)
    print("context", repr(e2.__context__))
print("continues")
