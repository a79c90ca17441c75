# time functions return floats or ints of the right type; monotonic never goes backwards
import time
print(type(time.time()).__name__, type(time.time_ns()).__name__, type(time.perf_counter_ns()).__name__)
a = time.monotonic_ns()
b = time.monotonic_ns()
print(b >= a)
start = time.perf_counter_ns()
time.sleep(0.1)
print(round((time.perf_counter_ns() - start) / 1e9, 1))
print(time.time() > 1_600_000_000)
