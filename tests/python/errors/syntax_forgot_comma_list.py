# Two items side by side in a list, after a well-formed one
items = [1, 2 3]
