# two expressions side by side without an operator is a SyntaxError
print("this line never runs")
x = 1
y = x  2
