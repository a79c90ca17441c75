# add_note attaches notes that are printed after the exception line
try:
    e = ValueError("bad input")
    e.add_note("while reading line 3")
    raise e
except ValueError as err:
    print(err.__notes__)
def process():
    try:
        int("x")
    except ValueError as e:
        e.add_note("hint: pass digits")
        raise
process()
