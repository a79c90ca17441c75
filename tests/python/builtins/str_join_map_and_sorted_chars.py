# combining builtins: sorted characters, joined maps and counted items
text = "the quick brown the lazy the end"
words = text.split()
print(sorted(set(words)))
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(max(counts, key=counts.get), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
print("".join(sorted("python")), "".join(map(str, sorted([3, 1, 2]))))
