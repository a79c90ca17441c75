# random.Random instances have independent state from the module functions
import random
a = random.Random(1)
b = random.Random(1)
random.seed(99)
print(a.random() == b.random())
print(a.randint(1, 6), b.randint(1, 6), random.randint(1, 6))
state = a.getstate()
x = a.random()
a.setstate(state)
print(a.random() == x)
print([a.randrange(5) for _ in range(8)])
