# Two threads run `counter += 1` without a lock. Under CPython 3.11's GIL a thread hands the GIL
# over only at a backward jump or a call, never between the load and the store, so no update is
# lost however often the threads take turns. tests/gil.rs runs the definitions above the import
# on two OS threads of our interpreter, with the GIL on and off.
counter = 0
last = None
turns = 0


def work(name, n):
    global counter, last, turns
    for _ in range(n):
        counter += 1
        if last != name:
            last = name
            turns += 1


import threading

threads = [threading.Thread(target=work, args=(name, 300_000)) for name in "AB"]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter, "took turns" if turns > 4 else f"only {turns} turns")
