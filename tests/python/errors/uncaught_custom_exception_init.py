# a custom exception with its own __init__ and __str__ prints its str on the last line
class HTTPError(Exception):
    def __init__(self, code, reason):
        super().__init__(code, reason)
        self.code = code
        self.reason = reason
    def __str__(self):
        return f"{self.code} {self.reason}"
def fetch(url):
    raise HTTPError(404, "Not Found")
try:
    fetch("/a")
except HTTPError as e:
    print(e.code, e.reason, e.args, str(e))
fetch("/b")
