# reading a local before assignment raises UnboundLocalError
count = 10
def increment():
    print("incrementing")
    count += 1
    return count
increment()
