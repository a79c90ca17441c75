# slice assignment and deletion, including extended slices
a = list(range(10))
a[2:5] = ["a", "b"]; print(a)
a[:0] = [-1]; print(a)
a[::3] = [0, 0, 0, 0]; print(a)
del a[1::2]; print(a)
a[1:1] = "xy"; print(a)
a[:] = []; print(a)
b = [1, 2, 3, 4]
del b[-1]; b[-2:] = [9]; print(b)
try:
    b[::2] = [1, 2, 3]
except ValueError as e:
    print(e)
