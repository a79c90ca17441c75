# nested replacement fields inside f-string format specs
w = 8
p = 3
x = 2.718281828
for width in (4, 6):
    print(f"[{'ab':>{width}}]")
print(f"[{x:{w}.{p}f}]")
print(f"[{x:^{w}.{p - 1}f}]")
fill = "*"
print(f"[{'mid':{fill}^{w}}]")
print(f"{'{'}braces{'}'} {{double}}")
print(f"{'a' if w > 5 else 'b'} {len('xyz')} {w * p}")
