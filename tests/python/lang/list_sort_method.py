# list.sort with key and reverse is stable and in place
words = ["banana", "Apple", "cherry", "apple", "Banana"]
words.sort(); print(words)
words.sort(key=str.lower); print(words)
words.sort(key=len, reverse=True); print(words)
nums = [5, -3, 2, -8, 0]
print(nums.sort(), nums)
nums.sort(key=abs); print(nums)
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
pairs.sort(); print(pairs)
pairs.sort(key=lambda p: p[1]); print(pairs)
