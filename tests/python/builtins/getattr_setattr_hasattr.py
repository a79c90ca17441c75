# getattr with default, setattr, hasattr and delattr
class O:
    x = 1
o = O()
print(getattr(o, "x"), getattr(o, "y", "dflt"), hasattr(o, "x"), hasattr(o, "y"))
setattr(o, "y", 5)
print(o.y, getattr(o, "y"))
delattr(o, "y")
print(hasattr(o, "y"))
print(getattr("abc", "upper")(), getattr([], "append").__name__)
try:
    getattr(o, "missing")
except AttributeError as e:
    print(e)
try:
    getattr(o, 5)
except TypeError as e:
    print(e)
