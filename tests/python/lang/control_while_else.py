# while/else runs else only when the loop ends without break
n = 0
while n < 3:
    print("n", n)
    n += 1
else:
    print("else ran", n)
while True:
    n -= 1
    if n == 1:
        print("breaking")
        break
else:
    print("never")
i = 10
while i < 3:
    pass
else:
    print("else on zero iterations")
