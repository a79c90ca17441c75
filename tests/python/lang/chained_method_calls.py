# chained method calls on strings, lists and custom builders
s = "  Hello, World  "
print(s.strip().lower().replace("world", "there").title().split(", "))
class Builder:
    def __init__(self):
        self.parts = []
    def add(self, p):
        self.parts.append(p)
        return self
    def build(self):
        return "-".join(self.parts)
print(Builder().add("a").add("b").add("c").build())
print(",".join(sorted("c,a,b".split(","))).upper())
print(" ".join(w.capitalize() for w in "the quick fox".split()).center(20, "."))
