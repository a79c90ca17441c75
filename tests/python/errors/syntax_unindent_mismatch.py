# dedenting to a level that does not match any outer block
def f():
        a = 1
    b = 2
