# sys.exit(0) and sys.exit() exit successfully; finally blocks still run
import sys
try:
    print("working")
    sys.exit()
finally:
    print("cleanup in finally")
