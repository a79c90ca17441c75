# an exception raised in an except block prints both, joined by "During handling"
def parse(s):
    try:
        return int(s)
    except ValueError:
        raise RuntimeError(f"could not parse {s!r}")
print(parse("5"))
print(parse("five"))
