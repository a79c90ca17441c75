# seeds 0 and a large int produce fixed values for random, randint and shuffle
import random
for seed in (0, 1, 10 ** 20):
    random.seed(seed)
    lst = list("abcde")
    random.shuffle(lst)
    print(seed, random.random(), random.randint(0, 99), "".join(lst))
