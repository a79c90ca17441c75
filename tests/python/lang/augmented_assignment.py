# augmented assignment mutates lists in place but rebinds ints, strs and tuples
a = [1]
b = a
a += [2]
print(a, b, a is b)
t = (1,)
u = t
t += (2,)
print(t, u)
s = "x"
s += "y"; s *= 2
print(s)
n = 10
n -= 3; n *= 2; print(n)
n //= 3; n **= 2; print(n)
n %= 7; n <<= 3; print(n)
n |= 1; n ^= 8; n >>= 1; print(n)
f = 1.0
f /= 4
print(f)
d = {"k": 1}
d["k"] += 5
print(d)
