# __init__, instance attributes, methods and class attributes
class Dog:
    species = "canis"
    count = 0
    def __init__(self, name):
        self.name = name
        Dog.count += 1
    def speak(self, times=1):
        return " ".join([f"{self.name} says woof"] * times)
a = Dog("Rex")
b = Dog("Fido")
print(a.speak(), "|", b.speak(2))
print(a.species, Dog.species, Dog.count, b.count)
a.species = "mine"
print(a.species, b.species)
print(type(a).__name__, Dog.__name__)
print(Dog.speak(b))
