# a traceback through a recursive function lists each recursive frame
def countdown(n):
    if n == 0:
        raise RuntimeError("liftoff failed")
    return countdown(n - 1)
print("counting")
countdown(3)
