# json.dumps and json.loads round-trip with insertion-ordered dicts
import json
data = {"name": "Ada", "langs": ["py", "rs"], "age": 36, "ok": True, "none": None, "pi": 3.14}
s = json.dumps(data)
print(s)
print(json.loads(s) == data)
print(json.dumps(data, indent=2, sort_keys=True))
print(json.loads('[1, 2.5, "x", null, false, {"k": []}]'))
try:
    json.loads("{bad}")
except json.JSONDecodeError as e:
    print("JSONDecodeError", e)
