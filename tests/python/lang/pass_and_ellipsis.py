# pass and ... are no-op statements; Ellipsis is a singleton
def todo():
    ...
class Empty:
    pass
print(todo(), Empty.__name__)
print(..., Ellipsis is ..., type(...).__name__)
for _ in range(2):
    pass
print("done")
