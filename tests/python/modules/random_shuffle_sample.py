# shuffle and sample with a fixed seed give the same permutation every run
import random
random.seed(7)
items = list(range(10))
random.shuffle(items)
print(items)
print(random.sample(range(100), 5))
print(random.sample(["a", "b", "c", "d"], k=2))
print(random.choices("xyz", k=6))
print(random.choices([1, 2, 3], weights=[10, 1, 1], k=5))
