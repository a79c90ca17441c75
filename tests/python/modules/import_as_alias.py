# import x as y binds the module under the alias only
import math as m
import random as rnd
print(m.sqrt(9), m.__name__)
rnd.seed(5)
print(rnd.randint(1, 100))
try:
    math
except NameError as e:
    print(e)
