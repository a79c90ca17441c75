# except* splits an ExceptionGroup by type
try:
    raise ExceptionGroup("eg", [ValueError(1), TypeError(2), ValueError(3)])
except* ValueError as g:
    print("values:", [e.args[0] for e in g.exceptions], type(g).__name__, g.message)
except* TypeError as g:
    print("types:", [e.args[0] for e in g.exceptions])
eg = ExceptionGroup("outer", [KeyError("k"), ExceptionGroup("inner", [IndexError(0)])])
print(repr(eg))
print(str(eg), len(eg.exceptions))
m, rest = eg.split(KeyError)
print(repr(m), repr(rest))
