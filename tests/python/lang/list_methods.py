# list append, extend, insert, pop, remove, index, count, reverse, clear
a = [3, 1, 2]
a.append(4); print(a)
a.extend([5, 6]); print(a)
a.insert(0, 0); a.insert(-1, 9); a.insert(100, 7); print(a)
print(a.pop(), a.pop(0), a)
a.remove(9); print(a)
print(a.index(2), a.count(1), [1, 1, 2].count(1))
a.reverse(); print(a)
b = a.copy(); a.clear(); print(a, b)
