# raising something that is not an exception is a TypeError
try:
    raise "just a string"
except TypeError as e:
    print(e)
try:
    raise 42
except TypeError as e:
    print(e)
class NotExc:
    pass
raise NotExc
