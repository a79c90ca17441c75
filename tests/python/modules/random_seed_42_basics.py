# random.seed(42) makes random(), randint, randrange and choice reproducible
import random
random.seed(42)
print(random.random())
print(random.random())
print(random.randint(1, 10), random.randint(1, 10), random.randint(-5, 5))
print(random.randrange(100), random.randrange(10, 20), random.randrange(0, 100, 7))
print(random.choice("abcdef"), random.choice([10, 20, 30]))
