# math trig functions, degrees/radians and domain errors
import math
print(math.sin(0), math.cos(0), round(math.sin(math.pi / 2), 12), math.tan(0))
print(math.degrees(math.pi), math.radians(180), math.atan2(1, 1))
print(math.exp(0), math.exp(1), math.pow(2, 10), type(math.floor(2.5)).__name__)
for f in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.exp(1000)]:
    try:
        f()
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
