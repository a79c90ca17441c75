# inconsistent use of tabs and spaces in indentation is a TabError
if True:
        x = 1
	y = 2
