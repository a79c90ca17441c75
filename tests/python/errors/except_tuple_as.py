# except (A, B) as e catches either type and binds the instance
def attempt(f):
    try:
        return f()
    except (KeyError, IndexError) as e:
        return f"lookup {type(e).__name__}: {e}"
    except (TypeError, ValueError) as e:
        return f"value {type(e).__name__}: {e}"
print(attempt(lambda: {}["k"]))
print(attempt(lambda: [][0]))
print(attempt(lambda: int("q")))
print(attempt(lambda: len(5)))
print(attempt(lambda: "fine"))
