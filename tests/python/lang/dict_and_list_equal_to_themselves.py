# a dict or list compared with itself, or two dicts sharing an inner dict, compare equal
d = {}
print(d == d, d != d)
s = {"cfg": {}}
snap = dict(s)
print(snap == s)
l = [1, [2]]
print(l == l, [l] == [l])
