# an exception raised in a property getter
class Circle:
    def __init__(self, r):
        self.r = r
    @property
    def area(self):
        if self.r < 0:
            raise ValueError("negative radius")
        return 3 * self.r * self.r
print(Circle(2).area)
print(Circle(-1).area)
