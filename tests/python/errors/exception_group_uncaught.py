# an uncaught ExceptionGroup prints a boxed traceback listing each sub-exception; its last line is the closing rule
def fail():
    raise ExceptionGroup("several problems", [ValueError("bad value"), TypeError("bad type")])
print("starting")
fail()
