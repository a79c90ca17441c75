# partition and rpartition with present and missing separators
print("key=value=more".partition("="))
print("key=value=more".rpartition("="))
print("novalue".partition("="))
print("novalue".rpartition("="))
k, _, v = "name: Ada".partition(": ")
print(k, v)
