# Function calls and integer arithmetic: fib(27), about 630 thousand calls.
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


t0 = time.perf_counter()
result = fib(27)
elapsed_ms = (time.perf_counter() - t0) * 1000
print("fib(27) =", result)
print(f"elapsed {elapsed_ms:.1f} ms")
