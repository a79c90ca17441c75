# raise ... from ... prints the cause first, then "The above exception was the direct cause"
class StorageError(Exception):
    pass
def read(key):
    data = {}
    try:
        return data[key]
    except KeyError as e:
        raise StorageError(f"no record for {key}") from e
def handler():
    print("handler calls read")
    return read("user:1")
handler()
