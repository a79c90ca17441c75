# SystemExit raised deep in a call stack unwinds through finally blocks
def inner():
    raise SystemExit(4)
def outer():
    try:
        inner()
    finally:
        print("outer finally")
outer()
