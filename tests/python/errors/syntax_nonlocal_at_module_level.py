# nonlocal at module level is a SyntaxError
print("not printed: the file fails to compile")
nonlocal x
