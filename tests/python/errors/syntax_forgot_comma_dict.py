# A dict entry run into the next key, and a name run into a keyword argument
d = {"a": 1 "b": 2}
