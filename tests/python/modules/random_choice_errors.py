# random functions raise clear errors for empty or invalid arguments
import random
random.seed(1)
for f in [lambda: random.choice([]), lambda: random.randrange(0), lambda: random.sample([1, 2], 3), lambda: random.randint(5, 1)]:
    try:
        f()
    except (IndexError, ValueError) as e:
        print(type(e).__name__, e)
