# assert passes silently or raises AssertionError with the message
assert True
assert 1 + 1 == 2, "math"
try:
    assert 1 > 2, "one is not greater"
except AssertionError as e:
    print("failed:", e, e.args)
try:
    assert []
except AssertionError as e:
    print("no message:", repr(e), e.args)
x = 5
try:
    assert x < 0, f"x was {x}"
except AssertionError as e:
    print(e)
