# a def with no indented body is an IndentationError
def f():
return 1
