# raw strings, triple-quoted strings and implicit concatenation
print(r"C:\new\table", len(r"\n"))
print("""line one
line two""")
print('''single "triple"''')
s = ("implicit "
     "concatenation " 'works')
print(s)
print("tab:\t|", "nl-escaped: \\n", "octal: \101", "hex: \x41")
print("""\
no leading newline""")
print(len("""
"""))
