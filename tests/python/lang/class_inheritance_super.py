# single inheritance, overriding, and super() calls
class Animal:
    def __init__(self, name):
        self.name = name
    def describe(self):
        return f"{self.name} is an animal"
    def sound(self):
        return "..."
class Cat(Animal):
    def __init__(self, name, indoor):
        super().__init__(name)
        self.indoor = indoor
    def sound(self):
        return "meow"
    def describe(self):
        return super().describe() + f" that says {self.sound()}"
c = Cat("Tom", True)
print(c.describe())
print(c.name, c.indoor)
print(Animal("x").sound(), isinstance(c, Animal), issubclass(Cat, Animal))
print(Cat.__bases__[0].__name__, [k.__name__ for k in Cat.__mro__])
