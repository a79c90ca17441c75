# calling a method on None gives AttributeError naming NoneType
def find(items, name):
    for i in items:
        if i == name:
            return i
result = find(["a", "b"], "c")
print("result is", result)
print(result.upper())
