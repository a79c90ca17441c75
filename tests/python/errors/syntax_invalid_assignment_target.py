# assigning to a function call is a SyntaxError with a hint
print("not printed: the file fails to compile")
f() = 3
