# time.sleep pauses; time.time, perf_counter and monotonic differences agree when rounded
import time
t0 = time.time()
p0 = time.perf_counter()
m0 = time.monotonic()
time.sleep(0.2)
print(f"time {time.time() - t0:.1f}")
print(f"perf_counter {time.perf_counter() - p0:.1f}")
print(f"monotonic {time.monotonic() - m0:.1f}")
print(time.monotonic() >= m0, isinstance(time.time(), float))
