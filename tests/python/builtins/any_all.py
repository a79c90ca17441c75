# any and all short-circuit and handle empty iterables
print(any([]), all([]), any([0, "", None]), all([1, "a", [0]]))
print(any([0, 2]), all([1, 0]), any("a"), all(""))
def check(x):
    print("check", x)
    return x > 1
print(any(check(x) for x in [1, 2, 3]))
print(all(check(x) for x in [3, 1, 2]))
