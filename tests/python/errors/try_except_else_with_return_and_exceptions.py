# return values from try, except, else and finally in combinations
def f(x):
    log = []
    try:
        log.append("try")
        r = 10 / x
    except ZeroDivisionError:
        log.append("except")
        return "except", log
    else:
        log.append("else")
        return r, log
    finally:
        log.append("finally")
print(f(2))
print(f(0))
