# three chained exceptions mixing implicit context and explicit cause
def level3():
    return {}["deep"]
def level2():
    try:
        level3()
    except KeyError as e:
        raise ValueError("level2 failed") from e
def print("calling level1")
level1():
    try:
        level2()
    except ValueError:
        raise RuntimeError("level1 failed")
level1()
