# str(), repr() and .args of builtin exceptions with zero, one and several arguments
for e in [ValueError(), ValueError("msg"), ValueError("a", 2), KeyError("k"), KeyError(), KeyError("a", "b"),
          IndexError(3), Exception(None), OSError(2, "No such file"), StopIteration(5), RuntimeError("")]:
    print(type(e).__name__, "|", str(e), "|", repr(e), "|", e.args)
