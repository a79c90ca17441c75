# an uncaught AssertionError without a message has a bare last line
values = [1, 2, 3]
assert len(values) == 3
print("first assert passed")
assert sum(values) == 7
