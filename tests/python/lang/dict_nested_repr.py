# nested dict/list reprs with strings, None and floats
data = {"name": "Ada", "tags": ["x", "y"], "meta": {"n": None, "f": 1.5, "t": (1,)}, 3: [{}]}
print(data)
print(repr(data["meta"]))
print(str({"q": "it's"}), {"e": {}}, {(): []})
print(data["meta"]["t"][0], data[3][0] == {})
