# contextlib.contextmanager turns a generator into a context manager
from contextlib import contextmanager, suppress
@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")
with tag("div") as t:
    print("inside", t)
    with tag("p"):
        print("text")
try:
    with tag("err"):
        raise RuntimeError("oops")
except RuntimeError as e:
    print("caught", e)
with suppress(KeyError):
    {}["x"]
    print("not reached")
print("after suppress")
