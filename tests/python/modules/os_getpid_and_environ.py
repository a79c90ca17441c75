# os.getpid is an int; os.environ is a mapping; os.path joins and splits
import os
print(isinstance(os.getpid(), int), os.getpid() > 0)
print(os.environ.get("SURELY_NOT_SET_VAR", "unset"), "SURELY_NOT_SET_VAR" in os.environ)
print(os.path.join("a", "b", "c.txt"), os.path.splitext("x/y.tar.gz"), os.path.basename("/p/q.py"))
print(os.path.dirname("/p/q.py"), os.sep, os.path.isabs("/x"), os.path.isabs("x"))
print(os.path.normpath("a/./b/../c"))
