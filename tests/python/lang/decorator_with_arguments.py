# decorator factories take arguments; stacked decorators apply bottom-up
def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
def tag(name):
    def deco(fn):
        def wrapper(*a):
            return f"<{name}>{fn(*a)}</{name}>"
        return wrapper
    return deco
@repeat(3)
def hi(x):
    return "hi " + x
print(hi("bob"))
@tag("b")
@tag("i")
def text():
    return "t"
print(text())
