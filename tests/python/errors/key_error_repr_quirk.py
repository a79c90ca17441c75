# KeyError's str is the repr of the key, unlike other exceptions
try:
    {}["name"]
except KeyError as e:
    print(e, "|", str(e), "|", repr(e), "|", e.args[0])
try:
    {}[42]
except KeyError as e:
    print(e, repr(e))
try:
    raise KeyError("with 'quote'")
except KeyError as e:
    print(e)
print(str(ValueError("name")), str(KeyError("name")))
{"a": 1}["b"]
