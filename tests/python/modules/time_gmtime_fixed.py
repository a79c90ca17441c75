# time.gmtime and strftime on a fixed timestamp are deterministic
import time
t = time.gmtime(0)
print(t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_wday, t.tm_yday)
print(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1_000_000_000)))
print(time.strftime("%a %b %d", time.gmtime(86400 * 365)))
print(time.gmtime(1234567890)[:6])
