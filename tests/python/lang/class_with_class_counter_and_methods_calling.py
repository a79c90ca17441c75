# methods calling other methods through self, and class-level state shared
class Shop:
    tax = 0.25
    orders = []
    def __init__(self, name):
        self.name = name
        self.items = []
    def add(self, item, price):
        self.items.append((item, price))
        Shop.orders.append(self.name)
        return self
    def subtotal(self):
        return sum(p for _, p in self.items)
    def total(self):
        return round(self.subtotal() * (1 + self.tax), 2)
a = Shop("a").add("pen", 2.0).add("book", 10.0)
b = Shop("b").add("mug", 4.0)
b.tax = 0
print(a.subtotal(), a.total(), b.total(), Shop.orders)
