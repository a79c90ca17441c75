# an unterminated string literal
print("fine")
s = "no closing quote
