# an unclosed parenthesis is reported at the opening bracket
print("never")
result = max(1, 2
print(result)
