# docstrings are stored in __doc__ of functions, classes and modules
"""Module docstring."""
def f():
    """Function docstring."""
class C:
    """Class docstring."""
    def m(self):
        "Method doc."
def nodoc():
    pass
print(__doc__)
print(f.__doc__, C.__doc__, C.m.__doc__, nodoc.__doc__)
print(f())
