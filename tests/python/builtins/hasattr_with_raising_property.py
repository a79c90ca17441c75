# hasattr is False only when the attribute raises AttributeError
class C:
    @property
    def ok(self):
        return 1
    @property
    def missing(self):
        raise AttributeError("nope")
    @property
    def broken(self):
        raise ValueError("boom")
c = C()
print(hasattr(c, "ok"), hasattr(c, "missing"), getattr(c, "missing", "default"))
try:
    hasattr(c, "broken")
except ValueError as e:
    print("ValueError", e)
