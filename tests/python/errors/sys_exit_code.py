# sys.exit(3) exits with status 3 and prints no traceback
import sys
print("before exit")
try:
    sys.exit(3)
except SystemExit as e:
    print("caught SystemExit", e.code)
sys.exit(3)
print("never")
