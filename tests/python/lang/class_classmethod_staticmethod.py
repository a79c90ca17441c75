# classmethod receives the class (also for subclasses), staticmethod nothing
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    @classmethod
    def origin(cls):
        return cls(0, 0)
    @staticmethod
    def dist(a, b):
        return ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
    def __repr__(self):
        return f"{type(self).__name__}({self.x}, {self.y})"
class Point3(Point):
    pass
print(Point.origin(), Point3.origin())
print(Point.dist(Point(0, 0), Point(3, 4)))
p = Point(1, 1)
print(p.origin(), p.dist(p, Point(1, 2)))
