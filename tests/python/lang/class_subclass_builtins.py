# subclassing list, dict and str keeps builtin behaviour
class Stack(list):
    def push(self, x):
        self.append(x)
        return self
    def peek(self):
        return self[-1]
s = Stack([1])
s.push(2).push(3)
print(s, s.peek(), len(s), type(s).__name__, isinstance(s, list))
class DefaultDict(dict):
    def __missing__(self, key):
        return f"missing {key}"
d = DefaultDict(a=1)
print(d["a"], d["b"], d)
class Shout(str):
    def shout(self):
        return self.upper() + "!"
print(Shout("hey").shout(), Shout("a") + "b", type(Shout("a") + "b").__name__)
