# print of ints and floats through str(), repr() and format() agrees
for v in [0, 7, -12, 10 ** 21, 0.5, -2.25, 1e21, 1e-4, 123456.789]:
    print(str(v), repr(v), format(v), f"{v}", "%s" % (v,))
