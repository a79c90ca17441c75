# an uncaught KeyError shows the repr of the key
config = {"host": "localhost"}
def get(key):
    return config[key]
print(get("host"))
print(get("port"))
