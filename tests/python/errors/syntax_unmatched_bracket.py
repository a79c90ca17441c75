# a closing bracket with no opening one
print("not printed: the file fails to compile")
items = [1, 2, 3]]
