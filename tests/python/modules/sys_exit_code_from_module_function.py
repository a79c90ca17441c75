# sys.exit with a large code from inside nested calls
import sys
def deep(n):
    if n == 0:
        print("exiting with 7")
        sys.exit(7)
    deep(n - 1)
deep(3)
