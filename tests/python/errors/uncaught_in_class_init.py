# an exception in __init__ while constructing an object
class User:
    def __init__(self, name, age):
        self.name = name
        self.age = int(age)
def make_users(rows):
    return [User(*r) for r in rows]
print(len(make_users([("a", "1")])))
make_users([("a", "1"), ("b", "two")])
