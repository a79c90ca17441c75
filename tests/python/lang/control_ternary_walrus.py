# conditional expressions and assignment expressions
x = 7
print("odd" if x % 2 else "even", "big" if x > 100 else "small" if x > 5 else "tiny")
data = [1, 5, 12, 3, 20]
print([y for v in data if (y := v * 2) > 10])
if (n := len(data)) > 3:
    print("long list", n)
chunks = iter(["a", "b", ""])
while (c := next(chunks)):
    print("chunk", c)
print(y, c == "")
