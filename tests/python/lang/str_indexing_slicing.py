# string indexing, negative indexes and slices with steps
s = "abcdefgh"
print(s[0], s[-1], s[3])
print(s[2:5], s[:3], s[5:], s[-3:])
print(s[::2], s[1::2], s[::-1], s[-2:1:-2])
print(s[100:], s[2:2] == "", s[-100:2])
print(len(s), s * 2, "ab" + "cd")
