# tuple unpacking, swapping and nested unpacking
a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = (1, 2), 3
print(x, y, z)
for i, (k, v) in enumerate({"p": 1, "q": 2}.items()):
    print(i, k, v)
p, q, r = "abc"
print(p, q, r)
[m, n] = [5, 6]
print(m, n)
x = y = [0]
print(x is y)
