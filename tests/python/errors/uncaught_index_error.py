# list index out of range in a loop
def last_three(xs):
    return [xs[-i] for i in range(1, 4)]
print(last_three([1, 2, 3, 4]))
print(last_three([1, 2]))
