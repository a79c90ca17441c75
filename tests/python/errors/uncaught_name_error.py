# an undefined name inside a function is a NameError
def greet():
    print("hello", nmae)
greet()
