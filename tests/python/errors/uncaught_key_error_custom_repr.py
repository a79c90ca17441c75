# KeyError's last line uses repr of a tuple key
table = {(1, 2): "a"}
print(table[(1, 2)])
print(table[(3, "x")])
