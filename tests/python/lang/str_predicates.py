# isdigit, isalpha, isalnum, isspace, isdecimal, isidentifier
for s in ["123", "abc", "a1", " \t", "", "½", "x_1", "1x", "٣"]:
    print(repr(s), s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(), s.isdecimal(), s.isidentifier(), s.isnumeric())
