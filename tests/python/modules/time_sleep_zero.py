# time.sleep(0) returns None immediately; negative sleeps raise ValueError
import time
print(time.sleep(0))
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError", e)
t = time.monotonic()
time.sleep(0.1)
print(f"{time.monotonic() - t:.1f}")
