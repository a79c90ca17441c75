# name lookup goes local, enclosing, global, builtin
x = "global"
def outer():
    x = "enclosing"
    def inner():
        x = "local"
        return x
    def reads_enclosing():
        return x
    return inner(), reads_enclosing()
print(outer())
def reads_global():
    return x
print(reads_global())
def shadows_builtin():
    len = lambda v: "mine"
    return len([1, 2])
print(shadows_builtin(), len([1, 2]))
class K:
    x = "class"
    def m(self):
        return x
print(K().m(), K.x)
