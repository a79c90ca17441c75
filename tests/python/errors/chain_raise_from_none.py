# raise ... from None suppresses the context in the traceback
def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        raise LookupError(f"{k} not configured") from None
print(lookup({"retries": 3}, "retries"))
lookup({}, "timeout")
