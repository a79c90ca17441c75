# functools partial, reduce and cmp_to_key
from functools import partial, reduce, cmp_to_key
def power(base, exp):
    return base ** exp
square = partial(power, exp=2)
print(square(7), partial(power, 2)(10))
print(reduce(lambda a, b: a * b, range(1, 6)), reduce(lambda a, b: a + b, [], "empty"))
def by_len_then_alpha(a, b):
    return (len(a) - len(b)) or ((a > b) - (a < b))
print(sorted(["ccc", "a", "bb", "aa", "b"], key=cmp_to_key(by_len_then_alpha)))
