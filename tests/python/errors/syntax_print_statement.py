# the Python 2 print statement gives a hint about parentheses
print("not printed: the file fails to compile")
print "hello"
