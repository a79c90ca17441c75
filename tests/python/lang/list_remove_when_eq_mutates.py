# list.remove and list.pop stay safe when __eq__ or __index__ change the list meanwhile
L = []
class A:
    def __eq__(self, other):
        L.clear()
        return True
L.append(A())
L.remove(0)
print(L)
M = [1, 2, 3]
class I:
    def __index__(self):
        M.clear()
        return 1
try:
    M.pop(I())
except IndexError as e:
    print("IndexError", e)
