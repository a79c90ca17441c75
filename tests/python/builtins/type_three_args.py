# type(name, bases, dict) creates a class dynamically
Base = type("Base", (), {"greet": lambda self: "hi from " + type(self).__name__})
Child = type("Child", (Base,), {"x": 5})
c = Child()
print(c.greet(), c.x, Child.__name__, Child.__bases__[0].__name__)
print(isinstance(c, Base), type(c) is Child)
