# isinstance accepts X | Y union types in 3.10+
print(isinstance(3, int | str), isinstance("s", int | str), isinstance(3.0, int | str))
print(isinstance(None, int | None), int | str)
print(issubclass(bool, int | float))
