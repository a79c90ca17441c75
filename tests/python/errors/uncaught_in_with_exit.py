# an exception raised in __exit__ while the body raised chains both
class Resource:
    def __enter__(self):
        print("open")
        return self
    def __exit__(self, et, ev, tb):
        print("close with", et.__name__)
        raise OSError("close failed")
with Resource():
    raise ValueError("body failed")
