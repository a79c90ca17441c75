# math sqrt, floor, ceil, pi, e, isclose, trunc, gcd, factorial, hypot and log
import math
print(math.sqrt(16), math.sqrt(2), math.floor(-2.5), math.ceil(-2.5), math.floor(3), math.trunc(-3.7))
print(math.pi, math.e, math.tau, math.inf, math.nan)
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1.0, 1.1), math.isclose(1.0, 1.05, rel_tol=0.1))
print(math.gcd(12, 18), math.lcm(4, 6), math.factorial(20), math.comb(10, 3), math.perm(5, 2))
print(math.hypot(3, 4), math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]))
print(math.isqrt(17), math.copysign(3, -0.0), math.fabs(-2), math.isnan(math.nan), math.isinf(-math.inf))
