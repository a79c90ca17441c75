# Outside brackets, two values side by side are plain invalid syntax
x = 1 2
