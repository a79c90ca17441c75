# string constants and textwrap helpers
import string
import textwrap
print(string.ascii_lowercase, string.digits, string.punctuation)
print(string.capwords("hello big world"))
print(textwrap.wrap("the quick brown fox jumps over the lazy dog", 12))
print(textwrap.dedent("    a\n      b\n    c"))
print(textwrap.shorten("a long sentence that will be cut", width=20))
