# itertools count, islice, chain, product, permutations, combinations, accumulate, groupby
import itertools as it
print(list(it.islice(it.count(10, 5), 4)))
print(list(it.chain([1, 2], "ab", (3,))))
print(list(it.product("ab", [0, 1])))
print(list(it.permutations([1, 2, 3], 2)))
print(list(it.combinations("abcd", 2)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([3, 1, 4], max)))
print([(k, list(g)) for k, g in it.groupby("aaabccdd")])
print(list(it.zip_longest("ab", [1, 2, 3], fillvalue="-")), list(it.repeat("x", 3)))
