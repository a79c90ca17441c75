# seeding again with the same value repeats the sequence; different seeds differ
import random
random.seed(2024)
first = [random.random() for _ in range(3)]
random.seed(2024)
second = [random.random() for _ in range(3)]
print(first == second, first)
random.seed(2025)
print(random.random() != first[0])
random.seed(12345)
print(random.randint(0, 1000))
random.seed(0)
print(random.getrandbits(32), random.getrandbits(8))
