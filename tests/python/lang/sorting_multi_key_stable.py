# sorting by several keys via tuples and by successive stable sorts
people = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22)]
print(sorted(people, key=lambda p: (p[1], p[0])))
print(sorted(people, key=lambda p: (-p[1], p[0])))
s = sorted(people, key=lambda p: p[0], reverse=True)
s = sorted(s, key=lambda p: p[1])
print(s)
print(sorted("Banana", key=str.lower))
print(sorted([3, 1, 2], reverse=True), sorted((), reverse=True))
