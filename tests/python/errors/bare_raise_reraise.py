# a bare raise re-raises the current exception with its original traceback line
def risky():
    return int("nope")
def wrapper():
    try:
        risky()
    except ValueError as e:
        print("logging:", e)
        raise
wrapper()
