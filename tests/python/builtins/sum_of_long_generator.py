# a generator consumed by sum(), list() and a for loop runs long enough to be pre-empted many times
def squares(n):
    for i in range(n):
        yield i * i
print(sum(squares(100000)))
print(len(list(squares(50000))), list(squares(50000))[-1])
total = 0
for x in squares(30000):
    total += x
print(total)
