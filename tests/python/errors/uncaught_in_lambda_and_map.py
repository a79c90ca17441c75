# an exception inside a lambda called by map shows <lambda> in the traceback
def inverses(xs):
    return list(map(lambda x: 1 / x, xs))
print(inverses([1, 2, 4]))
print(inverses([1, 0]))
