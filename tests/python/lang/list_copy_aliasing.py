# aliasing versus shallow and deep copies
import copy
a = [[1, 2], [3]]
alias = a
shallow = a[:]
deep = copy.deepcopy(a)
a[0].append(99)
a.append([4])
print(alias)
print(shallow)
print(deep)
print(list(a) == a, list(a) is a, a.copy()[0] is a[0])
d = {"k": [1]}
d2 = dict(d)
d2["k"].append(2)
d2["n"] = 0
print(d, d2)
