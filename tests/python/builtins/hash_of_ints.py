# hash of small ints, bools, equal floats and tuples of ints are predictable
print(hash(0), hash(1), hash(-1), hash(-2), hash(42), hash(True), hash(False))
print(hash(1.0), hash(2.0) == hash(2), hash(0.5))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)))
print(hash((1, 2)) == hash((1, 2)), hash(()) == hash(()))
try:
    hash([1])
except TypeError as e:
    print(e)
try:
    hash({})
except TypeError as e:
    print(e)
