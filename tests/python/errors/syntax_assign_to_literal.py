# assigning to a literal is a SyntaxError
print("not printed: the file fails to compile")
1 = x
