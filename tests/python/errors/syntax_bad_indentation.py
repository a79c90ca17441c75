# an unexpected indent is an IndentationError
x = 1
    y = 2
