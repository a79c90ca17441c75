# print(flush=True) and file=sys.stdout, sys.stdout.write return value
import sys
print("flushed", flush=True)
print("to stdout", file=sys.stdout)
n = sys.stdout.write("written\n")
print(n)
print("to", "stderr", file=sys.stderr)
print(None, file=None)
