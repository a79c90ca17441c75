# three levels of inheritance and method resolution through super
class A:
    def who(self):
        return ["A"]
class B(A):
    def who(self):
        return ["B"] + super().who()
class C(B):
    def who(self):
        return ["C"] + super().who()
print(C().who())
class D(A):
    def who(self):
        return ["D"] + super().who()
class E(B, D):
    def who(self):
        return ["E"] + super().who()
print(E().who())
print([k.__name__ for k in E.__mro__])
