# repr of self-containing lists and dicts shows [...] and {...}
a = [1, 2]
a.append(a)
print(a)
d = {"k": 1}
d["self"] = d
print(d)
b = [a, a]
print(len(b), b[0] is b[1])
print(repr([[]]), str([a]))
