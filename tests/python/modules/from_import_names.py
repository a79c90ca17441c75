# from x import a, b binds only those names; import of a missing name fails
from math import floor, ceil, pi as PI
from collections import Counter, OrderedDict
print(floor(2.7), ceil(2.1), round(PI, 5))
c = Counter("abracadabra")
print(c.most_common(2), c["a"], c["z"])
print(OrderedDict(a=1, b=2))
try:
    from math import no_such_thing
except ImportError as e:
    print("ImportError", str(e).split(" (")[0], e.name)
try:
    import no_such_module_xyz
except ModuleNotFoundError as e:
    print("ModuleNotFoundError", e)
