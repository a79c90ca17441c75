# global declarations let functions rebind and create module-level names
total = 0
items = []
def add(n):
    global total
    total += n
    items.append(n)
for i in range(1, 5):
    add(i)
print(total, items)
def read_only():
    return total * 2
print(read_only())
def unbound():
    try:
        total += 1
    except UnboundLocalError as e:
        print(type(e).__name__, e)
unbound()
