# slices with negative steps, out-of-range bounds, and slice objects
a = list(range(10))
print(a[::-1], a[::-3], a[8:2:-2], a[-1:-4:-1])
print(a[2:8:3], a[-3:], a[:-7], a[5:2], a[20:30])
s = slice(1, 9, 2)
print(a[s], s.start, s.stop, s.step, s)
print(slice(None, 5).indices(10), slice(-3, None, -1).indices(10))
print((0, 1, 2, 3)[1:3], "python"[-2:])
