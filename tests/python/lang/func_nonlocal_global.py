# nonlocal rebinds the enclosing function's name, global the module's
counter = 0
def bump():
    global counter
    counter += 1
bump(); bump()
print(counter)
def outer():
    x = "outer"
    def inner():
        nonlocal x
        x = "changed"
    inner()
    return x
print(outer())
def shadow():
    counter = 100
    return counter
print(shadow(), counter)
def make_global():
    global newname
    newname = "created"
make_global()
print(newname)
