# finally runs before return, and a return in finally overrides
def a():
    try:
        return "try"
    finally:
        print("finally a")
def b():
    try:
        return "try"
    finally:
        return "finally"
def c():
    try:
        raise ValueError
    finally:
        return "swallowed"
def d():
    for i in range(3):
        try:
            if i == 1:
                break
        finally:
            print("finally", i)
    return i
print(a())
print(b())
print(c())
print(d())
