# uniform, gauss and other float distributions under seed 123
import random
random.seed(123)
print(random.uniform(0, 10))
print(random.uniform(5, 1))
print(random.gauss(0, 1))
print(random.triangular(0, 10, 5))
print(random.expovariate(2.0))
print(round(random.betavariate(2, 3), 12))
