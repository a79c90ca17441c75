# pow edge cases and their error messages
print(pow(0, 0), pow(0.0, 0), pow(-1, 0.5) == pow(-1, 0.5))
print(pow(2, -1), pow(4, 0.5), pow(-2, 3, 5))
for args in [(0, -1), (2, 3, 0), (2.0, 3, 5), (0.0, -1.0)]:
    try:
        pow(*args)
    except Exception as e:
        print(type(e).__name__, e)
