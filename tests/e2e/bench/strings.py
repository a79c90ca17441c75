# String building: short strings concatenated, converted, formatted and joined in a loop.
import time


def build(n):
    lines = []
    for i in range(n):
        line = ""
        for j in range(10):
            line += str(i * j) + ","
        lines.append(f"{i:>6}: {line.upper()}")
    return "\n".join(lines)


t0 = time.perf_counter()
text = build(20_000)
elapsed_ms = (time.perf_counter() - t0) * 1000
print("length", len(text), "lines", text.count("\n") + 1)
print(f"elapsed {elapsed_ms:.1f} ms")
