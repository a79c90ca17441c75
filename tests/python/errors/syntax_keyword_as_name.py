# using a keyword as a variable name
print("not printed: the file fails to compile")
class = "math"
