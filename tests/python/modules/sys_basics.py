# sys.version_info, argv, modules, float_info and the stdout encoding
import sys
print(sys.version_info[:2], sys.version_info.major, sys.version_info >= (3, 11))
print(isinstance(sys.maxsize, int), isinstance(sys.argv, list), len(sys.argv))
print(sys.stdout.encoding, sys.getrecursionlimit())
print(type(sys.modules).__name__, "sys" in sys.modules, __name__ in sys.modules)
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig)
